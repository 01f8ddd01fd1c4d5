package org.lambo.agents;

import jade.core.Agent;
import jade.core.behaviours.SimpleBehaviour;
import jade.domain.FIPAException;
import jade.lang.acl.ACLMessage;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.lambo.ontology.jade.LamboAcl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the agent with the DF ({@link Directory#description}), trying again as {@link RegistrationRetry} says when
 * the request did not reach the DF. Between attempts the agent's thread is free (the behaviour blocks itself for the
 * wait, it never sleeps), so its other behaviours run and a platform that shuts down ends it at once. Each attempt is
 * one request to the DF, as {@code DFService.register} makes it, waiting at most {@link RegistrationRetry#answerMs()}
 * for the answer (no answer counts as not delivered; "already-registered" after such an attempt as registered). When
 * registered it runs {@code registered}; when it gives up, {@code failed} with the reason in words: "ue-3 could not
 * register with the DF: JADE's answer (6 attempts)".
 */
public final class RegisterWithDirectory extends SimpleBehaviour {
    private static final Logger LOG = LoggerFactory.getLogger(RegisterWithDirectory.class);

    private final String type;
    private final String serviceName;
    private final RegistrationRetry retry;
    private final Runnable registered;
    private final Consumer<String> failed;
    private int failures;
    /** Whether an attempt got no answer in time (the DF may have taken it later). */
    private boolean unanswered;

    private long nextAttemptNanos;
    private boolean done;

    public RegisterWithDirectory(
            Agent agent,
            String type,
            String serviceName,
            RegistrationRetry retry,
            Runnable registered,
            Consumer<String> failed) {
        super(agent);
        this.type = type;
        this.serviceName = serviceName;
        this.retry = retry;
        this.registered = registered;
        this.failed = failed;
        this.nextAttemptNanos = System.nanoTime();
    }

    /** With {@link RegistrationRetry#DEFAULT}. */
    public RegisterWithDirectory(
            Agent agent, String type, String serviceName, Runnable registered, Consumer<String> failed) {
        this(agent, type, serviceName, RegistrationRetry.DEFAULT, registered, failed);
    }

    @Override
    public void action() {
        long waitMs = (nextAttemptNanos - System.nanoTime()) / 1_000_000L;
        if (waitMs > 0) {
            block(waitMs); // woken early by any message: the wait is checked again
            return;
        }
        String why;
        RegistrationRetry.Answer answer;
        try {
            Directory.registerOnce(myAgent, type, serviceName, retry.answerMs());
            done = true;
            registered.run();
            return;
        } catch (FIPAException e) {
            // no answer in time: JADE's getACLMessage() would make one up, without a sender
            ACLMessage reply = e instanceof Directory.NoAnswer ? null : e.getACLMessage();
            if (reply == null) unanswered = true;
            else if (unanswered && String.valueOf(reply.getContent()).contains("already-registered")) {
                // an earlier request that got no answer in time was taken after all
                done = true;
                registered.run();
                return;
            }
            answer = RegistrationRetry.answeredBy(
                    reply == null || reply.getSender() == null
                            ? null
                            : reply.getSender().getLocalName(),
                    reply == null ? e.getMessage() : reply.getContent());
            why = reply == null ? String.valueOf(e.getMessage()) : LamboAcl.reason(reply);
        } catch (RuntimeException e) {
            answer = RegistrationRetry.Answer.THE_DF; // not a delivery failure: asking again would not help
            why = ReceiveContent.describe(e);
        }
        failures++;
        OptionalLong wait = retry.next(failures, answer);
        if (wait.isPresent()) {
            String reason = why;
            LOG.atInfo().log(() -> myAgent.getLocalName() + ": DF registration attempt " + failures + " failed ("
                    + reason + "), trying again in " + wait.getAsLong() + " ms");
            nextAttemptNanos = System.nanoTime() + wait.getAsLong() * 1_000_000L;
            block(wait.getAsLong());
            return;
        }
        done = true;
        failed.accept(myAgent.getLocalName() + " could not register with the DF: " + why
                + (failures > 1 ? " (" + failures + " attempts)" : ""));
    }

    @Override
    public boolean done() {
        return done;
    }
}
