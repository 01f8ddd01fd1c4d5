package org.lambo.aed.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build fails when training code gives an array a Java number as the other operand ({@code x.mul(2f)}): in a pass
 * that is differentiated, DJL frees that scalar before the backward pass reads it (see {@link Scalars}, the safe way).
 * {@link NumberOperandCalls} reads the compiled classes; a call that is never differentiated carries the comment
 * {@value NumberOperandCalls#ALLOW} and why.
 */
class NumberOperandGuardTest {
    /** The training code: the AED (model, training, ALEF, online fine-tuning), ARE, DROO and their shared MLP. */
    private static final Predicate<JavaClass> TRAINING_CODE =
            c -> List.of("org.lambo.aed", "org.lambo.are", "org.lambo.droo", "org.lambo.nn").stream()
                    .anyMatch(p ->
                            c.getPackageName().equals(p) || c.getPackageName().startsWith(p + "."));

    @TempDir
    Path classes;

    private static Path locationOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> mainSource(String file) {
        Path p = Path.of("src/main/java").resolve(file);
        try {
            return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void noTrainingCodeGivesAnArrayANumberOperandUnlessMarkedNotDifferentiated() {
        JavaClasses main = new ClassFileImporter().importPath(locationOf(Scalars.class));
        long inScope = main.stream().filter(TRAINING_CODE).count();
        // the import saw the training code: the check cannot pass for want of classes
        assertThat(main.stream().filter(TRAINING_CODE).map(JavaClass::getSimpleName))
                .contains("AcrlTrainer", "AedDecoder", "MultiHeadAttention", "DecoderFineTuner", "Mlp", "Adam");
        assertThat(inScope).isGreaterThan(50);
        assertThat(NumberOperandCalls.violations(main, TRAINING_CODE, NumberOperandGuardTest::mainSource))
                .as("x.mul(number) and the like in training code: use Scalars.mul / Scalars.div, or mark a call that is"
                        + " never differentiated with '" + NumberOperandCalls.ALLOW + " why'")
                .isEmpty();
    }

    /** Compiles one source file {@code sample/Sample.java} and returns what the check finds in it. */
    private List<String> findingsIn(String body) {
        String src = "package sample;\n"
                + "import ai.djl.ndarray.NDArray;\n"
                + "import ai.djl.ndarray.NDArrays;\n"
                + "import java.util.ArrayList;\n"
                + "import java.util.List;\n"
                + "import org.lambo.aed.model.Scalars;\n"
                + "public class Sample {\n"
                + body
                + "}\n";
        try {
            Path dir = classes.resolve("src/sample");
            Files.createDirectories(dir);
            Path file = dir.resolve("Sample.java");
            Files.writeString(file, src, StandardCharsets.UTF_8);
            Path out = classes.resolve("out-" + Integer.toHexString(body.hashCode()));
            Files.createDirectories(out);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            String cp = locationOf(NDArray.class) + java.io.File.pathSeparator + locationOf(Scalars.class);
            int rc = javac.run(null, null, null, "-g", "-classpath", cp, "-d", out.toString(), file.toString());
            assertThat(rc).as("the sample compiles:\n" + src).isZero();
            JavaClasses imported = new ClassFileImporter().importPath(out);
            return NumberOperandCalls.violations(
                    imported,
                    c -> c.getPackageName().equals("sample"),
                    f -> f.equals("sample/Sample.java") ? src.lines().toList() : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aNumberLiteralOrAFloatOrDoubleVariableAsTheOtherOperandIsFound() {
        assertThat(findingsIn("NDArray f(NDArray x) { return x.mul(2f); }\n"))
                .singleElement()
                .asString()
                .contains("Sample.f(ai.djl.ndarray.NDArray)", "(Sample.java:8)", "NDArray.mul[Number]");
        assertThat(findingsIn("NDArray f(NDArray x, double std) {\n  return x.exp()\n      .div(std);\n}\n"))
                .singleElement()
                .asString()
                .contains("NDArray.div[Number]");
        assertThat(findingsIn("NDArray f(NDArray x, float c) { return x.add(c).sub(1).pow(2).maximum(1e-9f); }\n"))
                .hasSize(4);
        assertThat(findingsIn("void f(NDArray m) { m.muli(0.9).addi(0.1); }\n")).hasSize(2);
        assertThat(findingsIn("NDArray f(NDArray x) { return NDArrays.mul(3, x); }\n"))
                .singleElement()
                .asString()
                .contains("NDArrays.mul[Number, NDArray]");
    }

    @Test
    void arraysAsOperandsScalarsAndNumbersOutsideArraysAreNotFound() {
        assertThat(findingsIn("NDArray f(NDArray x, NDArray y) { return x.mul(y).div(Scalars.of(x, 2f)); }\n"))
                .isEmpty();
        assertThat(findingsIn("NDArray f(NDArray x) { return Scalars.div(Scalars.mul(x, 2f), 3f); }\n"))
                .isEmpty();
        assertThat(findingsIn("List<Double> f() { List<Double> l = new ArrayList<>(); l.add(1.0); return l; }\n"))
                .isEmpty();
        assertThat(findingsIn("NDArray f(NDArray x) { return x.gt(0).mul(x); }\n"))
                .isEmpty();
    }

    @Test
    void theAllowCommentOnTheCallsLineOrJustAboveLetsOneCallThrough() {
        assertThat(findingsIn("NDArray f(NDArray x) {\n  return x.mul(2f); // not differentiated: inference\n}\n"))
                .isEmpty();
        assertThat(
                        findingsIn(
                                "NDArray f(NDArray x) {\n  // not differentiated: an optimiser's update\n  return x.mul(2f);\n}\n"))
                .isEmpty();
        // two lines above, or another comment, does not count
        assertThat(findingsIn("NDArray f(NDArray x) {\n  // not differentiated: far\n\n  return x.mul(2f);\n}\n"))
                .hasSize(1);
        assertThat(findingsIn("NDArray f(NDArray x) {\n  return x.mul(2f); // differentiated\n}\n"))
                .hasSize(1);
        // one allowed call does not allow the next line's
        assertThat(findingsIn("NDArray f(NDArray x) {\n  NDArray y = x.mul(2f); // not differentiated: ok\n"
                        + "  return y.div(3f);\n}\n"))
                .singleElement()
                .asString()
                .contains("NDArray.div[Number]");
    }
}
