package jade.core;

/** What {@link HeapTimerDispatcher} says of an agent's dispatcher, to tests outside {@code jade.core}. */
public final class TimersOfAgents {
    private TimersOfAgents() {}

    public static TimerDispatcher dispatcherOf(Agent a) throws IllegalAccessException {
        return HeapTimerDispatcher.of(a);
    }
}
