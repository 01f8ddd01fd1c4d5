package org.lambo.agents;

import java.util.Optional;
import org.lambo.mec.Instance;
import org.lambo.ontology.SlotStart;

/**
 * Whether an agent takes a slot-start that came from the clock: its UE and server counts are the scenario's for that
 * slot, the slot comes in the agent's {@link SlotGate} order, and the world can give it. Plain Java: the UE and the
 * edge server each refuse what this refuses, with its kind and reason.
 *
 * @param instance the slot's instance when admitted, else null
 * @param kind why it was refused (null when admitted)
 * @param refusal the reason in words (null when admitted)
 */
public record SlotAdmission(Instance instance, Discipline.Kind kind, String refusal) {
    public boolean admitted() {
        return instance != null;
    }

    /**
     * Checks a slot-start for the agent {@code agent}; the gate is not moved (the caller starts the slot when it takes
     * it).
     */
    public static SlotAdmission of(SlotStart start, SlotSource world, SlotGate slots, String agent) {
        int t = start.slot();
        int m = world.scenario().servers().size();
        int active = SlotSource.activeUes(world.scenario(), t);
        if (start.servers() != m || start.ues() != active) {
            return new SlotAdmission(
                    null,
                    Discipline.Kind.REFUSED,
                    "slot " + t + " has " + active + " active UEs and " + m + " servers in " + agent + "'s scenario '"
                            + world.scenario().name() + "', the slot-start says " + start.ues() + " and "
                            + start.servers());
        }
        Optional<String> order = slots.check(t);
        if (order.isPresent()) return new SlotAdmission(null, Discipline.Kind.WRONG_SLOT, order.get());
        SlotSource.Lookup inst = world.lookup(t);
        if (!inst.found()) return new SlotAdmission(null, Discipline.Kind.WRONG_SLOT, inst.refusal());
        return new SlotAdmission(inst.instance(), null, null);
    }
}
