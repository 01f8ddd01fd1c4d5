package org.lambo.agents.trial;

/** What the trial's clock tells whoever runs the trial. Called on the clock agent's thread. */
public interface TrialListener {
    /** A slot has ended: every active UE has reported, or the slot's deadline has passed. */
    void slotDone(SlotRecord record);

    /** Every slot has ended. */
    void finished();

    /** The trial cannot go on (e.g. the agents did not all register in time). */
    void failed(String reason);
}
