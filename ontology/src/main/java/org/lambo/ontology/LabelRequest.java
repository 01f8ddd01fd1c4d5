package org.lambo.ontology;

import java.util.List;
import org.lambo.check.Require;
import org.lambo.io.PromptId;

/**
 * A slot sent to an expert for a label (a FIPA Contract Net call for proposals, or a plain FIPA REQUEST): the prompt
 * (on the wire its id, {@code "weighted:0.3"}, parsed once by the message's reader), the channel, the servers' states
 * and the UEs' requests, ordered by UE, from which the expert rebuilds the slot exactly.
 */
public record LabelRequest(
        String requestId,
        int slot,
        PromptId prompt,
        ChannelInfo channel,
        List<ServerState> servers,
        List<OffloadingRequest> requests)
        implements LamboMessage {
    public LabelRequest {
        Require.name("requestId", requestId);
        Require.atLeast("slot", slot, 0);
        Require.present("prompt", prompt);
        Require.present("channel", channel);
        servers = Require.list("servers", servers, org.lambo.io.Limits.MAX_SERVERS);
        requests = Require.list("requests", requests, org.lambo.io.Limits.MAX_UES);
        if (servers.isEmpty()) throw new IllegalArgumentException("servers must not be empty");
        if (requests.isEmpty()) throw new IllegalArgumentException("requests must not be empty");
        for (int k = 0; k < servers.size(); k++) {
            if (servers.get(k).number() != k + 1) {
                throw new IllegalArgumentException("servers[" + k + "].number must be " + (k + 1) + ", got "
                        + servers.get(k).number());
            }
        }
        for (int k = 0; k < requests.size(); k++) {
            int gains = requests.get(k).ue().gains().size();
            if (gains != servers.size()) {
                throw new IllegalArgumentException(
                        "requests[" + k + "].ue.gains must have " + servers.size() + " entries, got " + gains);
            }
        }
    }
}
