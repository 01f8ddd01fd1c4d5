package org.lambo.ontology;

import java.util.List;
import org.lambo.check.Require;

/**
 * Messages for the UEs of one container carried as one ACL message to that container's post, which hands each on to its
 * UE inside the container ({@code org.lambo.agents.Relay}): the clock's slot-starts or the orchestrator's decisions, at
 * least one and at most {@value #MOST_ITEMS}. Who may send what through a post is the post's check, item by item.
 */
public record RelayBatch(List<RelayItem> items) implements LamboMessage {
    /** The most messages one batch carries. */
    public static final int MOST_ITEMS = 500;

    public RelayBatch {
        items = Require.list("items", items, MOST_ITEMS);
        if (items.isEmpty()) throw new IllegalArgumentException("items must list at least 1 entry, got 0");
    }
}
