package org.lambo.aed.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds calls that give an array a Java number as the other operand ({@code x.mul(2f)}, {@code x.div(std)},
 * {@code NDArrays.add(1, x)}, ...) in compiled classes. DJL's PyTorch engine wraps the number in a 0-d array over a
 * Java buffer and closes it at once; where the product is differentiated, the backward pass reads that scalar from
 * freed memory ({@link Scalars}, which is the safe way). The check reads bytecode, so it knows the receiver's and the
 * argument's types exactly: {@code list.add(1.0)} is not an array call, {@code x.mul(scale)} with a double
 * {@code scale} is (autoboxed to {@code mul(Number)}).
 *
 * <p>A call that is never differentiated (inference only, an optimiser's update after the recording, an operand that
 * carries no gradient) is allowed by the comment {@value #ALLOW} and a reason, on the call's line or on a comment line
 * just above it.
 */
final class NumberOperandCalls {
    /** The allow-list comment. */
    static final String ALLOW = "// not differentiated:";

    /** Arithmetic whose other operand may be a number (comparisons carry no gradient, clip takes scalars). */
    static final Set<String> ARITHMETIC = Set.of(
            "add", "sub", "mul", "div", "mod", "pow", "maximum", "minimum", "addi", "subi", "muli", "divi", "modi",
            "powi");

    private NumberOperandCalls() {}

    /**
     * The calls of the classes (those {@code inScope} accepts) that pass a number to array arithmetic without the allow
     * comment, as {@code Class.method(File.java:line): NDArray.mul(Number)}.
     *
     * @param source the lines of a source file by its path ({@code org/lambo/x/Y.java}), null when unknown
     */
    static List<String> violations(
            JavaClasses classes,
            java.util.function.Predicate<JavaClass> inScope,
            Function<String, List<String>> source) {
        List<String> out = new ArrayList<>();
        for (JavaClass c : classes) {
            if (!inScope.test(c)) continue;
            for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
                if (!numberOperand(call)) continue;
                String file = c.getSource()
                        .flatMap(s -> s.getFileName())
                        .map(f -> c.getPackageName().replace('.', '/') + "/" + f)
                        .orElse(null);
                if (file != null && allowed(source.apply(file), call.getLineNumber())) continue;
                out.add(call.getOrigin().getFullName() + " " + call.getSourceCodeLocation() + ": "
                        + call.getTarget().getOwner().getSimpleName() + "."
                        + call.getTarget().getName()
                        + call.getTarget().getRawParameterTypes().stream()
                                .map(JavaClass::getSimpleName)
                                .toList());
            }
        }
        return out;
    }

    private static boolean numberOperand(JavaMethodCall call) {
        if (!ARITHMETIC.contains(call.getTarget().getName())) return false;
        JavaClass owner = call.getTarget().getOwner();
        if (!owner.isAssignableTo(NDArray.class) && !owner.isEquivalentTo(NDArrays.class)) return false;
        return call.getTarget().getRawParameterTypes().stream().anyMatch(t -> t.isEquivalentTo(Number.class));
    }

    /** Whether line {@code line} (1-based) or the comment line just above it carries the allow comment. */
    static boolean allowed(List<String> lines, int line) {
        if (lines == null || line < 1 || line > lines.size()) return false;
        if (lines.get(line - 1).contains(ALLOW)) return true;
        return line >= 2
                && lines.get(line - 2).strip().startsWith("//")
                && lines.get(line - 2).contains(ALLOW);
    }
}
