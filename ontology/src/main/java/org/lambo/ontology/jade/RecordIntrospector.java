package org.lambo.ontology.jade;

import jade.content.abs.AbsAggregate;
import jade.content.abs.AbsConcept;
import jade.content.abs.AbsHelper;
import jade.content.abs.AbsObject;
import jade.content.abs.AbsPrimitive;
import jade.content.abs.AbsTerm;
import jade.content.abs.AbsVariable;
import jade.content.onto.BasicOntology;
import jade.content.onto.Introspector;
import jade.content.onto.NotASpecialType;
import jade.content.onto.NotAnAggregate;
import jade.content.onto.Ontology;
import jade.content.onto.OntologyException;
import jade.content.schema.ObjectSchema;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lambo.io.PromptId;
import org.lambo.ontology.MalformedMessageException;

/**
 * Maps immutable records to JADE abstract descriptors and back, one generic mapping for every record of the vocabulary:
 * a slot per record component, of the same name. JADE's reflective introspectors fill objects slot by slot through
 * setters; a record has none, so this introspector treats every record as a JADE "special type", externalised and
 * internalised whole: reading the components through their accessors, and building the record through its canonical
 * constructor, whose checks then run as they do for the JSON form.
 *
 * <p>Values: {@code int}, {@code long}, {@code double}, {@code boolean} and {@code String} are primitives; an enum
 * travels as its constant's name, a {@link PromptId} as its id (read back through {@link PromptId#parse}); a
 * {@code List} is a {@code sequence} aggregate; a nested record is a concept (its schema named by
 * {@link LamboOntology#termName}). A boxed {@code Integer} or {@code Double} component is optional: null is an absent
 * slot. Doubles stay doubles end to end, so a value read back is bit-for-bit the value written.
 *
 * <p>Reading ({@link #internalize}) is strict like {@link org.lambo.ontology.LamboJson}: every mandatory slot present,
 * no unknown slot, no fraction for an integer, no number for a string; a fault is a {@link MalformedMessageException}
 * naming the slot path, e.g. {@code ue.gains[1]}. Stateless and thread-safe.
 */
final class RecordIntrospector implements Introspector {
    private static final long serialVersionUID = 1L;

    /** A record class's components and canonical constructor, looked up once per class. */
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return new Shape(type);
        }
    };

    @Override
    public void checkClass(ObjectSchema schema, Class javaClass, Ontology onto) throws OntologyException {
        if (!javaClass.isRecord()) throw new OntologyException(javaClass.getName() + " is not a record");
        Set<String> components = shape(javaClass).byName.keySet();
        Set<String> slots = Set.of(schema.getNames());
        if (!components.equals(slots)) {
            throw new OntologyException("schema " + schema.getTypeName() + " has slots " + slots + " but record "
                    + javaClass.getName() + " has components " + components);
        }
    }

    @Override
    public Object getSlotValue(String slotName, Object obj, ObjectSchema schema) throws OntologyException {
        RecordComponent c = shape(obj.getClass()).byName.get(slotName);
        if (c == null)
            throw new OntologyException(
                    slotName + " is not a component of " + obj.getClass().getName());
        return read(c, obj);
    }

    @Override
    public void setSlotValue(String slotName, Object slotValue, Object obj, ObjectSchema schema)
            throws OntologyException {
        throw new OntologyException(
                obj.getClass().getName() + " is an immutable record: it is built whole, not slot by slot");
    }

    @Override
    public AbsAggregate externalizeAggregate(String slotName, Object obj, ObjectSchema schema, Ontology onto)
            throws OntologyException {
        if (!(obj instanceof List<?> list)) throw new NotAnAggregate();
        AbsAggregate agg = new AbsAggregate(BasicOntology.SEQUENCE);
        for (Object e : list) agg.add((AbsTerm) onto.fromObject(e));
        return agg;
    }

    @Override
    public Object internalizeAggregate(String slotName, AbsAggregate abs, ObjectSchema schema, Ontology onto)
            throws OntologyException {
        List<Object> list = new ArrayList<>(abs.size());
        for (int k = 0; k < abs.size(); k++) list.add(onto.toObject(abs.get(k)));
        return Collections.unmodifiableList(list);
    }

    @Override
    public AbsObject externalizeSpecialType(Object obj, ObjectSchema schema, Class javaClass, Ontology onto)
            throws OntologyException {
        if (obj instanceof Record r) return externalize(r, schema, onto);
        if (obj instanceof Enum<?> e) return AbsPrimitive.wrap(e.name());
        throw new NotASpecialType();
    }

    @Override
    public Object internalizeSpecialType(AbsObject abs, ObjectSchema schema, Class javaClass, Ontology onto)
            throws OntologyException {
        if (!javaClass.isRecord()) throw new NotASpecialType();
        try {
            return internalize(abs, javaClass, "");
        } catch (MalformedMessageException e) {
            throw new OntologyException(e.getMessage(), e);
        }
    }

    /** The record as an instance of {@code schema}, its nested records as concepts of {@code onto}. */
    static AbsObject externalize(Record r, ObjectSchema schema, Ontology onto) throws OntologyException {
        AbsObject abs = schema.newInstance();
        for (RecordComponent c : shape(r.getClass()).components) {
            Object value = read(c, r);
            if (value != null) AbsHelper.setAttribute(abs, c.getName(), term(value, c.getGenericType(), onto));
        }
        return abs;
    }

    private static AbsTerm term(Object value, Type type, Ontology onto) throws OntologyException {
        if (value instanceof Integer i) return AbsPrimitive.wrap(i.intValue());
        if (value instanceof Long l) return AbsPrimitive.wrap(l.longValue());
        if (value instanceof Double d) return AbsPrimitive.wrap(d.doubleValue());
        if (value instanceof Boolean b) return AbsPrimitive.wrap(b.booleanValue());
        if (value instanceof String s) return AbsPrimitive.wrap(s);
        if (value instanceof Enum<?> e) return AbsPrimitive.wrap(e.name());
        if (value instanceof PromptId p) return AbsPrimitive.wrap(p.id());
        if (value instanceof List<?> list) {
            Type element = elementType(type);
            AbsAggregate agg = new AbsAggregate(BasicOntology.SEQUENCE);
            for (Object e : list) agg.add(term(e, element, onto));
            return agg;
        }
        if (value instanceof Record r) {
            return (AbsTerm) externalize(r, onto.getSchema(LamboOntology.termName(r.getClass())), onto);
        }
        throw new OntologyException("no slot type for " + value.getClass().getName());
    }

    /**
     * Builds a record of {@code type} from {@code abs} through its canonical constructor.
     *
     * @param path the slot path of {@code abs} in the message, empty at the top
     * @throws MalformedMessageException naming the slot path when a slot is missing, unknown or of the wrong kind, or
     *     when the record's constructor refuses a value
     */
    static <T> T internalize(AbsObject abs, Class<T> type, String path) {
        Shape shape = shape(type);
        for (String name : abs.getNames()) {
            if (!shape.byName.containsKey(name)) {
                throw new MalformedMessageException(
                        join(path, name),
                        "is not a slot of " + abs.getTypeName() + " (slots: " + String.join(", ", shape.byName.keySet())
                                + ")");
            }
        }
        Object[] args = new Object[shape.components.length];
        for (int k = 0; k < args.length; k++) {
            RecordComponent c = shape.components[k];
            args[k] = value(abs.getAbsObject(c.getName()), c.getType(), c.getGenericType(), join(path, c.getName()));
        }
        try {
            return type.cast(shape.constructor.newInstance(args));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException bad)
                throw new MalformedMessageException(path, bad.getMessage());
            throw new IllegalStateException("cannot build " + type.getName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName(), e);
        }
    }

    private static Object value(AbsObject abs, Class<?> raw, Type generic, String path) {
        if (abs == null) {
            if (isOptional(raw)) return null;
            throw new MalformedMessageException(path, "is missing");
        }
        if (raw == int.class || raw == Integer.class) {
            long v = integral(abs, path);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)
                throw new MalformedMessageException(path, "must fit a 32-bit integer, got " + v);
            return (int) v;
        }
        if (raw == long.class || raw == Long.class) return integral(abs, path);
        if (raw == double.class || raw == Double.class) {
            Object v = primitive(abs, path, "a number");
            if (v instanceof Double || v instanceof Float) return ((Number) v).doubleValue();
            if (v instanceof Long || v instanceof Integer) {
                long l = ((Number) v).longValue();
                if ((long) (double) l == l) return (double) l;
            }
            throw new MalformedMessageException(path, "must be a number, got " + describe(abs));
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (primitive(abs, path, "true or false") instanceof Boolean b) return b;
            throw new MalformedMessageException(path, "must be true or false, got " + describe(abs));
        }
        if (raw == String.class) {
            // JADE's SLCodec writes a string that starts with "??" unquoted, and reads it back as a meta-symbol
            if (abs instanceof AbsVariable v
                    && v.isMetaTerm()
                    && v.getName() != null
                    && v.getName().startsWith("??")) return v.getName();
            if (primitive(abs, path, "a string") instanceof String s) return s;
            throw new MalformedMessageException(path, "must be a string, got " + describe(abs));
        }
        if (raw == PromptId.class) {
            if (!(primitive(abs, path, "a prompt id") instanceof String s))
                throw new MalformedMessageException(path, "must be a prompt id (a string), got " + describe(abs));
            try {
                return PromptId.parse(s);
            } catch (IllegalArgumentException e) {
                throw new MalformedMessageException(path, e.getMessage());
            }
        }
        if (raw.isEnum()) {
            List<String> names = Arrays.stream(raw.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name())
                    .toList();
            if (primitive(abs, path, "one of " + names) instanceof String s && names.contains(s)) {
                return raw.getEnumConstants()[names.indexOf(s)];
            }
            throw new MalformedMessageException(path, "must be one of " + names + ", got " + describe(abs));
        }
        if (raw == List.class) {
            if (!(abs instanceof AbsAggregate agg))
                throw new MalformedMessageException(path, "must be a sequence, got " + describe(abs));
            Type element = elementType(generic);
            Class<?> elementRaw =
                    element instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) element;
            List<Object> list = new ArrayList<>(agg.size());
            for (int k = 0; k < agg.size(); k++) {
                String at = path + "[" + k + "]";
                Object v = value(agg.get(k), elementRaw, element, at);
                if (v == null) throw new MalformedMessageException(at, "is missing");
                list.add(v);
            }
            return Collections.unmodifiableList(list);
        }
        if (raw.isRecord()) {
            String want = LamboOntology.termName(raw);
            if (!(abs instanceof AbsConcept)
                    || abs instanceof AbsAggregate
                    || !want.equalsIgnoreCase(abs.getTypeName())) {
                throw new MalformedMessageException(path, "must be a " + want + ", got " + describe(abs));
            }
            return internalize(abs, raw, path);
        }
        throw new IllegalStateException("no slot type for " + raw.getName() + " at " + path);
    }

    private static long integral(AbsObject abs, String path) {
        Object v = primitive(abs, path, "an integer");
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)
            return ((Number) v).longValue();
        throw new MalformedMessageException(path, "must be an integer, got " + describe(abs));
    }

    private static Object primitive(AbsObject abs, String path, String want) {
        if (abs instanceof AbsPrimitive p) return p.getObject();
        throw new MalformedMessageException(path, "must be " + want + ", got " + describe(abs));
    }

    private static String describe(AbsObject abs) {
        if (abs instanceof AbsPrimitive p) {
            Object v = p.getObject();
            return v instanceof String s
                    ? "the string '" + s + "'"
                    : (v == null
                            ? "nothing"
                            : "the " + v.getClass().getSimpleName().toLowerCase() + " " + v);
        }
        if (abs instanceof AbsAggregate) return "a sequence";
        return "a " + abs.getTypeName();
    }

    /** A boxed number or boolean component may be absent (null); every other component is mandatory. */
    static boolean isOptional(Class<?> raw) {
        return raw == Integer.class || raw == Long.class || raw == Double.class || raw == Boolean.class;
    }

    static Type elementType(Type listType) {
        if (listType instanceof ParameterizedType p) return p.getActualTypeArguments()[0];
        throw new IllegalStateException("a list slot must declare its element type, got " + listType);
    }

    static RecordComponent[] components(Class<?> recordClass) {
        return shape(recordClass).components.clone();
    }

    private static Shape shape(Class<?> type) {
        if (!type.isRecord()) throw new IllegalArgumentException(type.getName() + " is not a record");
        return SHAPES.get(type);
    }

    private static Object read(RecordComponent c, Object obj) {
        try {
            return c.getAccessor().invoke(obj);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "cannot read " + c.getName() + " of " + obj.getClass().getName(), e);
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** What the mapping needs of a record class. */
    private static final class Shape {
        final RecordComponent[] components;
        final Map<String, RecordComponent> byName = new LinkedHashMap<>();
        final Constructor<?> constructor;

        Shape(Class<?> type) {
            components = type.getRecordComponents();
            for (RecordComponent c : components) byName.put(c.getName(), c);
            try {
                constructor = type.getDeclaredConstructor(
                        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
            }
        }
    }
}
