package org.lambo.ontology.jade;

import jade.content.abs.AbsAgentAction;
import jade.content.abs.AbsContentElement;
import jade.content.abs.AbsContentElementList;
import jade.content.abs.AbsObject;
import jade.content.abs.AbsPredicate;
import jade.content.onto.BasicOntology;
import jade.content.onto.Ontology;
import jade.content.onto.OntologyException;
import jade.content.onto.UngroundedException;
import jade.content.onto.UnknownSchemaException;
import jade.content.schema.AgentActionSchema;
import jade.content.schema.ConceptSchema;
import jade.content.schema.ObjectSchema;
import jade.content.schema.PredicateSchema;
import jade.content.schema.PrimitiveSchema;
import jade.content.schema.TermSchema;
import jade.content.schema.facets.PermittedValuesFacet;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.lambo.io.PromptId;
import org.lambo.ontology.LamboMessage;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.MessageType;

/**
 * The vocabulary as a JADE ontology named {@value #NAME}: a schema for every record, built from the records themselves
 * so that it cannot drift from them.
 *
 * <ul>
 *   <li>Each {@link MessageType} is a top-level schema named by its wire name: an {@link AgentActionSchema} for what
 *       asks an agent to act ({@link #ACTIONS}: offloading request, server allocation, task submission, label request),
 *       a {@link PredicateSchema} for what states a fact (slot start, decision, server state, task result and report,
 *       proposal, label).
 *   <li>A record nested in a message (channel info, UE state, task description, share grant) is a {@link ConceptSchema}
 *       named by its class in kebab case ({@code ue-state}). A predicate cannot be a term, so a predicate type that is
 *       also nested (a {@code ServerState} in a label request's {@code servers}) has a concept twin named
 *       {@code <wire-name>-term} ({@code server-state-term}). Actions are concepts already, and nest under their own
 *       name.
 *   <li>Slots are named after the record components and typed from them: {@code int} and {@code long}
 *       {@link BasicOntology#INTEGER}, {@code double} {@link BasicOntology#FLOAT}, {@code boolean}
 *       {@link BasicOntology#BOOLEAN}, {@code String} {@link BasicOntology#STRING}, an enum a string limited to its
 *       constants' names, a {@link PromptId} a string (its id), a {@code List} a {@code sequence} of its element's
 *       schema. A boxed {@code Integer} or {@code Double} is optional (null in the record, absent in the content);
 *       every other slot is mandatory. Mandatory slots come first, in component order, then the optional ones: FIPA-SL
 *       writes a predicate's slots by position and cannot skip one.
 * </ul>
 *
 * <p>The records are immutable, so the {@code RecordIntrospector} builds them whole through their canonical
 * constructors. A top-level message converts to and from the JADE content elements {@link LamboPredicate} and
 * {@link LamboAction} ({@link #toObject} returns them, {@link #fromObject} takes them or the bare record);
 * {@link #toMessage} and {@link #toAbs} convert without wrappers. The ontology extends JADE's {@link BasicOntology}, so
 * a request travels as a FIPA {@code (action <actor> (offloading-request ...))}.
 */
public final class LamboOntology extends Ontology {
    private static final long serialVersionUID = 1L;

    /** The ontology's name, the {@code :ontology} of every LAMBO message. */
    public static final String NAME = "lambo";

    /** The message types that ask an agent to act; every other type states a fact. */
    public static final Set<MessageType> ACTIONS = Set.copyOf(EnumSet.of(
            MessageType.OFFLOADING_REQUEST,
            MessageType.SERVER_ALLOCATION,
            MessageType.TASK_SUBMISSION,
            MessageType.LABEL_REQUEST));

    private static final String TERM_SUFFIX = "-term";
    private static final LamboOntology INSTANCE = new LamboOntology();

    private LamboOntology() {
        super(NAME, BasicOntology.getInstance(), new RecordIntrospector());
        try {
            Set<Class<?>> nested = new LinkedHashSet<>();
            for (MessageType t : MessageType.values()) collectNested(t.javaType(), nested);
            // concepts first (twins included), so that a top-level schema registered after a twin of the
            // same class is the one fromObject finds for that class
            for (Class<?> c : nested)
                add(schemaFor(termName(c), c, isActionClass(c) ? AgentActionSchema::new : ConceptSchema::new), c);
            for (MessageType t : MessageType.values()) {
                Class<?> c = t.javaType();
                if (nested.contains(c) && isAction(t)) continue; // an action nests under its own name
                add(schemaFor(t.wireName(), c, isAction(t) ? AgentActionSchema::new : PredicateSchema::new), c);
            }
        } catch (OntologyException e) {
            throw new IllegalStateException("cannot build the " + NAME + " ontology", e);
        }
    }

    /** The one instance. */
    public static LamboOntology getInstance() {
        return INSTANCE;
    }

    /** Whether messages of this type are agent actions (else predicates). */
    public static boolean isAction(MessageType type) {
        return ACTIONS.contains(type);
    }

    /**
     * The name of the concept schema for a record used as a term (nested in another message): the wire name of an
     * action type, {@code <wire-name>-term} for a predicate type, else the class's simple name in kebab case.
     */
    public static String termName(Class<?> recordClass) {
        for (MessageType t : MessageType.values()) {
            if (t.javaType() == recordClass) return isAction(t) ? t.wireName() : t.wireName() + TERM_SUFFIX;
        }
        return kebab(recordClass.getSimpleName());
    }

    /** The schema of a top-level message type. */
    public ObjectSchema schemaOf(MessageType type) {
        try {
            return getSchema(type.wireName());
        } catch (OntologyException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A message as its abstract descriptor: an {@link AbsPredicate} or a bare {@link AbsAgentAction} (not yet inside
     * {@code action}).
     */
    public AbsContentElement toAbs(LamboMessage message) {
        try {
            return (AbsContentElement)
                    RecordIntrospector.externalize((Record) message, schemaOf(MessageType.of(message)), this);
        } catch (OntologyException e) {
            throw new IllegalStateException("cannot externalise " + message, e);
        }
    }

    /**
     * Reads content as a message of the expected type: a predicate, an agent action, an agent action inside FIPA's
     * {@code (action <actor> ...)}, or a content element list holding exactly one of these. Strict like the JSON
     * reader.
     *
     * @throws MalformedMessageException naming the slot path ({@code ue.gains[1]}) or {@code type}
     */
    public <T extends LamboMessage> T toMessage(AbsObject content, Class<T> expected) {
        LamboMessage m = toMessage(content);
        MessageType want = MessageType.of(expected);
        MessageType got = MessageType.of(m);
        if (got != want)
            throw new MalformedMessageException(
                    "type", "must be '" + want.wireName() + "', got '" + got.wireName() + "'");
        return expected.cast(m);
    }

    /**
     * Reads content as a message of any type of the vocabulary.
     *
     * @see #toMessage(AbsObject, Class)
     */
    public LamboMessage toMessage(AbsObject content) {
        AbsObject abs = unwrap(content);
        MessageType type = typeOf(abs);
        if (isAction(type) && !(abs instanceof AbsAgentAction)) {
            throw new MalformedMessageException(
                    "type",
                    "'" + type.wireName() + "' is an agent action: send it as (action <actor> (" + type.wireName()
                            + " ...))");
        }
        if (!isAction(type) && !(abs instanceof AbsPredicate)) {
            throw new MalformedMessageException(
                    "type", "'" + type.wireName() + "' is a predicate, got " + abs.getTypeName() + " as a term");
        }
        return RecordIntrospector.internalize(abs, type.javaType(), "");
    }

    /** The wire type of content without reading its slots, e.g. to route it. */
    public MessageType typeOf(AbsObject content) {
        AbsObject abs = unwrap(content);
        String name = abs.getTypeName() == null ? "" : abs.getTypeName().toLowerCase(Locale.ROOT);
        return MessageType.byWireName(name)
                .orElseThrow(() -> new MalformedMessageException(
                        "type", "is not a message type of the vocabulary: '" + abs.getTypeName() + "'"));
    }

    private static AbsObject unwrap(AbsObject content) {
        if (content == null) throw new MalformedMessageException("", "is empty");
        AbsObject abs = content;
        if (abs instanceof AbsContentElementList list) {
            if (list.size() != 1)
                throw new MalformedMessageException("", "must hold one content element, got " + list.size());
            abs = list.get(0);
        }
        if (abs instanceof AbsAgentAction a && BasicOntology.ACTION.equalsIgnoreCase(a.getTypeName())) {
            abs = a.getAbsObject(BasicOntology.ACTION_ACTION);
            if (abs == null) throw new MalformedMessageException(BasicOntology.ACTION_ACTION, "is missing");
        }
        return abs;
    }

    /** Takes a {@link LamboContent} as the record it carries. */
    @Override
    protected AbsObject fromObject(Object obj, Ontology globalOnto) throws UnknownSchemaException, OntologyException {
        return super.fromObject(obj instanceof LamboContent c ? c.message() : obj, globalOnto);
    }

    /** Returns a top-level message as its {@link LamboContent}, so that it is a JADE content element. */
    @Override
    protected Object toObject(AbsObject abs, String lcType, Ontology globalOnto)
            throws UnknownSchemaException, UngroundedException, OntologyException {
        Object obj = super.toObject(abs, lcType, globalOnto);
        return obj instanceof LamboMessage m && MessageType.byWireName(lcType).isPresent() ? LamboContent.of(m) : obj;
    }

    private static void collectNested(Class<?> recordClass, Set<Class<?>> nested) {
        for (RecordComponent c : RecordIntrospector.components(recordClass)) {
            Class<?> inner =
                    c.getType() == List.class ? rawOf(RecordIntrospector.elementType(c.getGenericType())) : c.getType();
            if (inner.isRecord() && !nested.contains(inner)) {
                collectNested(inner, nested); // what it nests first: a schema refers to its slots' schemas
                nested.add(inner);
            }
        }
    }

    private static Class<?> rawOf(Type t) {
        if (t instanceof Class<?> c) return c;
        if (t instanceof java.lang.reflect.ParameterizedType p) return (Class<?>) p.getRawType();
        throw new IllegalStateException("unsupported element type " + t);
    }

    private static boolean isActionClass(Class<?> c) {
        return Arrays.stream(MessageType.values()).anyMatch(t -> t.javaType() == c && isAction(t));
    }

    /** A schema named {@code name} with a slot per component of {@code recordClass}, mandatory ones first. */
    private ObjectSchema schemaFor(String name, Class<?> recordClass, Function<String, ObjectSchema> kind)
            throws OntologyException {
        ObjectSchema schema = kind.apply(name);
        List<RecordComponent> slots = new ArrayList<>(List.of(RecordIntrospector.components(recordClass)));
        slots.sort(Comparator.comparing(c -> RecordIntrospector.isOptional(c.getType()))); // stable
        for (RecordComponent c : slots) {
            int optionality =
                    RecordIntrospector.isOptional(c.getType()) ? ObjectSchema.OPTIONAL : ObjectSchema.MANDATORY;
            if (c.getType() == List.class) {
                TermSchema element = termSchema(rawOf(RecordIntrospector.elementType(c.getGenericType())));
                addSlot(schema, c.getName(), element, 0, ObjectSchema.UNLIMITED, optionality);
            } else {
                addSlot(schema, c.getName(), termSchema(c.getType()), optionality);
                if (c.getType().isEnum()) {
                    Object[] names = Arrays.stream(c.getType().getEnumConstants())
                            .map(e -> ((Enum<?>) e).name())
                            .toArray();
                    addFacet(schema, c.getName(), new PermittedValuesFacet(names));
                }
            }
        }
        return schema;
    }

    private TermSchema termSchema(Class<?> type) throws OntologyException {
        BasicOntology basic = (BasicOntology) BasicOntology.getInstance();
        String primitive;
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class)
            primitive = BasicOntology.INTEGER;
        else if (type == double.class || type == Double.class) primitive = BasicOntology.FLOAT;
        else if (type == boolean.class || type == Boolean.class) primitive = BasicOntology.BOOLEAN;
        else if (type == String.class || type.isEnum() || type == PromptId.class) primitive = BasicOntology.STRING;
        else if (type.isRecord()) return (TermSchema) getSchema(termName(type));
        else throw new OntologyException("no slot type for " + type.getName());
        return (PrimitiveSchema) basic.getSchema(primitive);
    }

    private static void addSlot(ObjectSchema schema, String slot, TermSchema type, int optionality) {
        if (schema instanceof PredicateSchema p) p.add(slot, type, optionality);
        else ((ConceptSchema) schema).add(slot, type, optionality);
    }

    private static void addSlot(
            ObjectSchema schema, String slot, TermSchema element, int min, int max, int optionality) {
        if (schema instanceof PredicateSchema p) p.add(slot, element, min, max, BasicOntology.SEQUENCE, optionality);
        else ((ConceptSchema) schema).add(slot, element, min, max, BasicOntology.SEQUENCE, optionality);
    }

    private static void addFacet(ObjectSchema schema, String slot, PermittedValuesFacet facet)
            throws OntologyException {
        if (schema instanceof PredicateSchema p) p.addFacet(slot, facet);
        else ((ConceptSchema) schema).addFacet(slot, facet);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
