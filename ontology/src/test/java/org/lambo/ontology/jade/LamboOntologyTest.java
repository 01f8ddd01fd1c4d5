package org.lambo.ontology.jade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jade.content.ContentElement;
import jade.content.ContentManager;
import jade.content.lang.Codec.CodecException;
import jade.content.onto.OntologyException;
import jade.content.onto.basic.Action;
import jade.content.schema.AgentActionSchema;
import jade.content.schema.ConceptSchema;
import jade.content.schema.ObjectSchema;
import jade.content.schema.PredicateSchema;
import jade.core.AID;
import jade.lang.acl.ACLMessage;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lambo.ontology.LabelRequest;
import org.lambo.ontology.LamboJson;
import org.lambo.ontology.LamboMessage;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.MessageType;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.Samples;
import org.lambo.ontology.ServerState;
import org.lambo.ontology.TaskDescription;
import org.lambo.ontology.TaskReport;
import org.lambo.ontology.UeState;

class LamboOntologyTest {
    private static final LamboOntology ONTO = LamboOntology.getInstance();
    private final AID orchestrator = new AID("orchestrator@lambo-test", AID.ISGUID);
    private final AID ue = new AID("ue-3@lambo-test", AID.ISGUID);
    private final ContentManager manager = new ContentManager();

    LamboOntologyTest() {
        LamboAcl.register(manager);
    }

    /** Every sample in both languages. */
    static Stream<Arguments> everyTypeInEveryLanguage() {
        return Samples.everyType().stream()
                .flatMap(m -> Stream.of(Arguments.of(m, LamboAcl.LANGUAGE), Arguments.of(m, LamboAcl.SL)));
    }

    /** Messages whose doubles are awkward: inexact sums, subnormals, the extremes of the range. */
    static Stream<Arguments> awkwardDoublesInEveryLanguage() {
        UeState ue = new UeState(
                "ue-0",
                0,
                -0.0,
                1e-300,
                Double.MAX_VALUE,
                0.1 + 0.2,
                Double.MIN_VALUE,
                List.of(Double.MIN_VALUE, 1e-300, 1.0 / 3, 4.9e-324 * 3, Math.nextUp(1.0)));
        TaskDescription task = new TaskDescription("1", Math.PI, Math.E * 1e10, Math.ulp(1.0));
        List<LamboMessage> messages = List.of(
                new OffloadingDecision(0, "ue-0", "t0", 1, "server-1", 0.1 + 0.2, 1e-300, Double.MIN_VALUE, ""),
                new OffloadingRequest(7, ue, task),
                TaskReport.builder(3, "ue-0", 0, "true")
                        .decision(1, 0.7, 0.1 + 0.2, 1e300)
                        .completed(0.1 + 0.2, 1e300)
                        .build());
        return messages.stream()
                .flatMap(m -> Stream.of(Arguments.of(m, LamboAcl.LANGUAGE), Arguments.of(m, LamboAcl.SL)));
    }

    @Test
    void everyMessageTypeHasASchemaOfItsKind() {
        for (MessageType type : MessageType.values()) {
            ObjectSchema schema = ONTO.schemaOf(type);
            assertThat(schema.getTypeName()).isEqualTo(type.wireName());
            assertThat(schema)
                    .isInstanceOf(LamboOntology.isAction(type) ? AgentActionSchema.class : PredicateSchema.class);
            assertThat(schema.getNames()).containsExactlyInAnyOrder(componentNames(type.javaType()));
        }
        assertThat(ONTO.getPredicateNames())
                .contains(
                        "offloading-decision",
                        "server-state",
                        "task-result",
                        "task-report",
                        "proposal",
                        "label",
                        "slot-start");
        assertThat(ONTO.getActionNames())
                .contains("offloading-request", "server-allocation", "task-submission", "label-request");
        assertThat(ONTO.getConceptNames())
                .contains("ue-state", "task-description", "channel-info", "share-grant", "server-state-term");
    }

    @Test
    void slotsAreTypedAndOptionalExactlyWhereTheRecordsAllowNull() throws OntologyException {
        ObjectSchema report = ONTO.schemaOf(MessageType.TASK_REPORT);
        assertThat(report.isMandatory("slot")).isTrue();
        assertThat(report.isMandatory("reason")).isTrue();
        assertThat(report.isMandatory("predictedLatencyS")).isFalse();
        assertThat(report.isMandatory("realisedEnergyJ")).isFalse();
        assertThat(report.getSchema("slot").getTypeName()).isEqualTo("BO_Integer");
        assertThat(report.getSchema("share").getTypeName()).isEqualTo("BO_Float");
        assertThat(report.getSchema("outcome").getTypeName()).isEqualTo("BO_String");
        // SL writes a predicate's slots by position: the optional ones last
        assertThat(report.getNames())
                .endsWith(
                        "predictedLatencyS",
                        "predictedEnergyJ",
                        "realisedLatencyS",
                        "realisedEnergyJ",
                        "decisionMs",
                        "resultMs");
        assertThat(report.isMandatory("decisionMs")).isFalse();
        assertThat(report.isMandatory("resends")).isTrue();
        assertThat(report.getSchema("container").getTypeName()).isEqualTo("BO_String");
        ObjectSchema state = ONTO.schemaOf(MessageType.SERVER_STATE);
        assertThat(state.getSchema("up").getTypeName()).isEqualTo("BO_Boolean");
        ObjectSchema labelRequest = ONTO.schemaOf(MessageType.LABEL_REQUEST);
        assertThat(labelRequest.getSchema("channel")).isInstanceOf(ConceptSchema.class);
        assertThat(labelRequest.getSchema("servers").getTypeName()).isEqualTo("sequence");
        assertThat(labelRequest.isMandatory("servers")).isTrue();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("everyTypeInEveryLanguage")
    void everyMessageRoundTripsThroughTheContentManager(LamboMessage message, String language) throws Exception {
        ACLMessage msg = filled(message, language);
        assertThat(msg.getContent()).isNotBlank();
        ContentElement back = manager.extractContent(msg);
        LamboMessage read = LamboContent.messageOf(back);
        assertThat(read).isEqualTo(message);
        if (LamboOntology.isAction(MessageType.of(message)) && language.equals(LamboAcl.SL)) {
            assertThat(back).isInstanceOf(Action.class);
            assertThat(((Action) back).getActor()).isEqualTo(orchestrator);
        }
        // and LamboAcl, the agents' reader, reads what the content manager wrote
        assertThat(LamboAcl.read(msg, message.getClass())).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("everyTypeInEveryLanguage")
    void whatLamboAclBuildsTheContentManagerReads(LamboMessage message, String language) throws Exception {
        ACLMessage msg = LamboAcl.build(
                language.equals(LamboAcl.SL) ? LamboAcl.Language.SL : LamboAcl.Language.JSON,
                ACLMessage.INFORM,
                "p",
                message,
                orchestrator);
        assertThat(msg.getLanguage()).isEqualTo(language);
        assertThat(LamboContent.messageOf(manager.extractContent(msg))).isEqualTo(message);
        assertThat(LamboAcl.read(msg, message.getClass())).isEqualTo(message);
        assertThat(LamboAcl.read(msg)).as("read as whichever type it is").isEqualTo(message);
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("awkwardDoublesInEveryLanguage")
    void doublesTravelBitForBit(LamboMessage message, String language) throws Exception {
        LamboMessage back = LamboContent.messageOf(manager.extractContent(filled(message, language)));
        assertThat(back).isEqualTo(message);
        assertThat(doubleBits(back)).containsExactlyElementsOf(doubleBits(message));
    }

    @ParameterizedTest
    @MethodSource("org.lambo.ontology.Samples#everyType")
    void theJsonCodecWritesExactlyTheJsonForm(LamboMessage message) throws Exception {
        assertThat(filled(message, LamboAcl.LANGUAGE).getContent()).isEqualTo(LamboJson.write(message));
        assertThat(new LamboJsonCodec().encode(ONTO.toAbs(message))).isEqualTo(LamboJson.write(message));
        assertThat(ONTO.toMessage(new LamboJsonCodec().decode(LamboJson.write(message))))
                .isEqualTo(message);
    }

    @Test
    void aFipaActionFilledInJsonIsWrittenWithoutItsActor() throws Exception {
        OffloadingRequest request = (OffloadingRequest) Samples.everyType().get(1);
        ACLMessage msg = new ACLMessage(ACLMessage.REQUEST);
        msg.setLanguage(LamboAcl.LANGUAGE);
        msg.setOntology(LamboOntology.NAME);
        manager.fillContent(msg, new Action(orchestrator, new LamboAction(request)));
        assertThat(msg.getContent()).isEqualTo(LamboJson.write(request));
        assertThat(manager.extractContent(msg)).isEqualTo(new LamboAction(request));
    }

    @Test
    void slContentReadsAsFipaSl() {
        ACLMessage msg = LamboAcl.build(
                LamboAcl.Language.SL,
                ACLMessage.REQUEST,
                null,
                Samples.everyType().get(1),
                orchestrator);
        assertThat(msg.getContent())
                .startsWith(
                        "((action (agent-identifier :name orchestrator@lambo-test) (offloading-request :slot 4 :ue (ue-state :ue ue-3 :index 3 :x 12.5");
        ACLMessage state = LamboAcl.build(
                LamboAcl.Language.SL,
                ACLMessage.INFORM,
                null,
                new ServerState("server-1", 1, 4, 10.0, 0.1, 1.5e10, true, 0.25, 2),
                orchestrator);
        assertThat(state.getContent()).isEqualTo("((server-state server-1 1 4 10.0 0.1 1.5E10 true 0.25 2))");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "true",
                "FALSE",
                "1",
                "-1.5e3",
                "?x",
                "??meta",
                ":slot",
                "(a b)",
                "say \"hi\"",
                "back\\slash",
                "ünïcödé",
                "line\nbreak",
                "#12\"abc",
                "20261122T100000000",
                "a b",
                "x)",
                "'q'",
                "\t",
                "sequence",
                "action"
            })
    void everyStringTravelsAsItselfInFipaSl(String note) throws Exception {
        OffloadingDecision d =
                new OffloadingDecision(0, "ue-0", note.isBlank() ? "t0" : note, 1, "server-1", 0.5, 1, 1, note);
        ACLMessage msg = LamboAcl.build(LamboAcl.Language.SL, ACLMessage.INFORM, null, d, orchestrator);
        assertThat(LamboAcl.read(msg, OffloadingDecision.class)).isEqualTo(d);
    }

    @Test
    void aMissingMandatorySlotIsNamed() throws Exception {
        String sl = slOf(Samples.everyType().get(1)).replace(":localCpuHz 1.0E9 ", "");
        assertThatThrownBy(() -> LamboAcl.read(slMessage(sl), OffloadingRequest.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'ue.localCpuHz'")
                .hasMessageContaining("is missing")
                .extracting(e -> ((MalformedMessageException) e).field())
                .isEqualTo("ue.localCpuHz");
        assertThatThrownBy(() -> manager.extractContent(slMessage(sl)))
                .isInstanceOf(OntologyException.class)
                .hasMessageContaining("localCpuHz");
    }

    @Test
    void aSlotOfTheWrongTypeIsNamed() throws Exception {
        String sl = slOf(Samples.everyType().get(1));
        assertThatThrownBy(() -> LamboAcl.read(slMessage(sl.replace(":slot 4", ":slot 4.5")), OffloadingRequest.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'slot' must be an integer, got the double 4.5");
        assertThatThrownBy(() ->
                        LamboAcl.read(slMessage(sl.replace(":taskId t4-ue3", ":taskId 17")), OffloadingRequest.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'task.taskId' must be a string");
        assertThatThrownBy(() -> LamboAcl.read(
                        slMessage(sl.replace(
                                "(sequence 0.14285714285714285 3.2E-4)", "(sequence 0.14285714285714285 high)")),
                        OffloadingRequest.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'ue.gains[1]' must be a number, got the string 'high'");
        assertThatThrownBy(() -> LamboAcl.read(
                        slMessage(sl.replace(":bits 2.1E8", ":bits 2.1E8 :colour red")), OffloadingRequest.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'task.colour' is not a slot of task-description");
        assertThatThrownBy(() -> manager.extractContent(slMessage(sl.replace(":slot 4", ":slot 4.5"))))
                .isInstanceOf(OntologyException.class);
    }

    @Test
    void aValueTheRecordRefusesIsNamedWithItsRecord() {
        String sl = slOf(Samples.everyType().get(1)).replace(":localCpuHz 1.0E9", ":localCpuHz -1.0");
        assertThatThrownBy(() -> LamboAcl.read(slMessage(sl), OffloadingRequest.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("field 'ue' localCpuHz must be a finite number > 0, got -1.0");
    }

    @Test
    void anEnumIsOneOfItsConstants() {
        TaskReport report = (TaskReport) Samples.everyType().get(7);
        String sl = slOf(report);
        assertThat(sl).contains(" COMPLETED ");
        assertThatThrownBy(() -> LamboAcl.read(slMessage(sl.replace(" COMPLETED ", " DONE ")), TaskReport.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'outcome' must be one of [COMPLETED, FAILED], got the string 'DONE'");
    }

    @Test
    void aPromptTravelsAsItsIdAndABadOneIsNamedWithItsValue() {
        LabelRequest request = (LabelRequest) Samples.everyType().get(9);
        String sl = slOf(request);
        assertThat(sl).contains("weighted:0.3");
        assertThat(LamboAcl.read(slMessage(sl), LabelRequest.class).prompt()).isEqualTo(request.prompt());
        assertThatThrownBy(() -> LamboAcl.read(slMessage(sl.replace("weighted:0.3", "fastest")), LabelRequest.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining(
                        "'prompt' must be min-latency, min-energy or weighted:W with W in [0, 1], got 'fastest'");
    }

    @Test
    void anActionMustComeAsAnAction() {
        assertThatThrownBy(() -> LamboAcl.read(slMessage("((offloading-request 4))"), OffloadingRequest.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("is an agent action: send it as (action <actor>");
        assertThatThrownBy(() -> LamboAcl.read(slMessage("((offloading-request"), OffloadingRequest.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("is not FIPA-SL");
        assertThatThrownBy(() -> LamboAcl.read(slMessage("((server-state-term server-1))"), ServerState.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'type' is not a message type");
    }

    @Test
    void aServerStateNestsAsItsConceptTwin() {
        LabelRequest request = (LabelRequest) Samples.everyType().get(9);
        assertThat(slOf(request)).contains(":servers (sequence (server-state-term :server server-1 :number 1");
        assertThat(ONTO.toMessage(ONTO.toAbs(request))).isEqualTo(request);
        assertThat(ONTO.toAbs(request).getTypeName()).isEqualTo("label-request");
    }

    @Test
    void jsonContentThatIsMalformedFailsInTheContentManagerWithTheField() {
        ACLMessage msg = new ACLMessage(ACLMessage.INFORM);
        msg.setLanguage(LamboAcl.LANGUAGE);
        msg.setOntology(LamboAcl.ONTOLOGY);
        msg.setContent("{\"schema\":1,\"type\":\"slot-start\",\"body\":{\"slot\":-1,\"ues\":2,\"servers\":3}}");
        assertThatThrownBy(() -> manager.extractContent(msg))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("slot must be >= 0, got -1");
    }

    @Test
    void contentWrappersAreOfTheirKind() {
        OffloadingRequest request = Samples.everyType().stream()
                .filter(OffloadingRequest.class::isInstance)
                .map(OffloadingRequest.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(LamboContent.of(request)).isInstanceOf(LamboAction.class);
        assertThat(LamboContent.of(Samples.everyType().get(0))).isInstanceOf(LamboPredicate.class);
        assertThatThrownBy(() -> new LamboPredicate(request))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is an agent action");
    }

    private ACLMessage filled(LamboMessage message, String language) throws Exception {
        ACLMessage msg = new ACLMessage(ACLMessage.INFORM);
        msg.setSender(ue);
        msg.addReceiver(orchestrator);
        msg.setLanguage(language);
        msg.setOntology(LamboOntology.NAME);
        LamboContent content = LamboContent.of(message);
        // FIPA-SL: a request is (action <actor> ...); the JSON form has no actor
        ContentElement element = content instanceof LamboAction a && language.equals(LamboAcl.SL)
                ? new Action(orchestrator, a)
                : content;
        manager.fillContent(msg, element);
        return msg;
    }

    private String slOf(LamboMessage message) {
        return LamboAcl.build(LamboAcl.Language.SL, ACLMessage.INFORM, null, message, orchestrator)
                .getContent();
    }

    private static ACLMessage slMessage(String content) {
        ACLMessage msg = new ACLMessage(ACLMessage.REQUEST);
        msg.setLanguage(LamboAcl.SL);
        msg.setOntology(LamboAcl.ONTOLOGY);
        msg.setContent(content);
        return msg;
    }

    private static String[] componentNames(Class<?> record) {
        return Stream.of(record.getRecordComponents()).map(c -> c.getName()).toArray(String[]::new);
    }

    /** Every double of a message, nested ones included, as bits, in a fixed order. */
    private static List<Long> doubleBits(Object value) {
        if (value instanceof Double d) return List.of(Double.doubleToRawLongBits(d));
        if (value instanceof List<?> list)
            return list.stream().flatMap(e -> doubleBits(e).stream()).toList();
        if (value instanceof Record r) {
            return Stream.of(r.getClass().getRecordComponents())
                    .flatMap(c -> {
                        try {
                            return doubleBits(c.getAccessor().invoke(r)).stream();
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
        }
        return List.of();
    }
}
