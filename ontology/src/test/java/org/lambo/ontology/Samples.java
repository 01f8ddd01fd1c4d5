package org.lambo.ontology;

import java.util.List;

/** One valid value of every message type, for the tests. */
public final class Samples {
    private Samples() {}

    static UeState ue() {
        return new UeState("ue-3", 3, 12.5, 40.0 / 3, 1e9, 1.0, 1.0, List.of(1.0 / 7, 3.2e-4));
    }

    static TaskDescription task() {
        return new TaskDescription("t4-ue3", 2.1e8, 1.3e10, 15.6);
    }

    static ServerState server(int number) {
        return new ServerState("server-" + number, number, 4, 10.0 * number, 0.1, 1.5e10, true, 0.25, 2);
    }

    static OffloadingRequest request() {
        return new OffloadingRequest(4, ue(), task());
    }

    static Label label() {
        return new Label("r1", "expert-mip", "mip", List.of(2), List.of(1.0), 9.2, 9.1, Label.Status.OPTIMAL, 0.02);
    }

    public static List<LamboMessage> everyType() {
        return List.of(
                new SlotStart(4, 10, 2),
                request(),
                new OffloadingDecision(4, "ue-3", "t4-ue3", 2, "server-2", 0.1 + 0.2, 11.25, 0.8, ""),
                server(1),
                new ServerAllocation(
                        4,
                        "server-2",
                        2,
                        List.of(new ShareGrant("ue-3", "t4-ue3", 0.3), new ShareGrant("ue-4", "t4-ue4", 0.7))),
                new TaskSubmission(4, ue(), task(), 2, 0.3),
                new TaskResult(4, "t4-ue3", "ue-3", 2, 0.3, 6.9, 2.3, 9.2),
                TaskReport.builder(4, "ue-3", 3, "t4-ue3")
                        .decision(2, 0.3, 9.2, 6.9)
                        .completed(9.2, 6.9)
                        .build(),
                TaskReport.failed(4, "ue-5", 5, "t4-ue5", null, "no decision before the deadline"),
                new LabelRequest(
                        "r1",
                        4,
                        org.lambo.io.PromptId.weighted(0.3),
                        new ChannelInfo(1e6, 1e-12, 1, 2),
                        List.of(server(1), server(2)),
                        List.of(request())),
                new Proposal("r1", "expert-mip", "mip", 0.5, 1.25),
                label(),
                // a report with the round trips its UE saw (last: the tests above pick samples by position)
                TaskReport.builder(4, "ue-3", 3, "t4-ue3")
                        .decision(2, 0.3, 9.2, 6.9)
                        .completed(9.2, 6.9)
                        .build()
                        .withRoundTrips(812, 41, 2, "ues@pi-lab"),
                TaskReport.failed(4, "ue-6", 6, "t4-ue6", null, "no decision before the deadline")
                        .withRoundTrips(null, null, 3, "Container-1"),
                new RelayBatch(List.of(
                        new RelayItem("ue-3", "inform", "lambo-slot", "", "", "lambo-json", "lambo", "{\"slot\":4}"),
                        new RelayItem(
                                "ue-4",
                                "inform",
                                "fipa-request",
                                "offload-t4",
                                "offload-t4-1",
                                "lambo-json",
                                "lambo",
                                "{\"a\":\"b:c\"}"))));
    }
}
