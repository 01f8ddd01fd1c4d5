package org.lambo.region;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.HasDecisionTrace;
import org.lambo.policy.LearnsOnline;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Stateless;

/**
 * A policy that decides a slot region by region ({@link RegionPlan}): the servers split into R regions, each UE in the
 * region of its best-gain server, each region's slot decided by the inner policy (the same policy, UE by UE as it
 * decides), the regions' decisions merged into one for the whole slot. R problems of about N / R x M / R instead of one
 * of N x M. With R = 1 for a slot, the slot goes to the inner policy as it is: the same decision bit for bit.
 *
 * <p>Made by {@link org.lambo.policy.Policies} (through {@link Regions}) for any policy given {@code P.regions=R|auto}
 * ({@link #OPTION}), and for {@code aed} by default ({@code auto}: docs/BENCHMARKS.md, "Regions"). With
 * {@code P.regionThreads=k} ({@link #THREADS_OPTION}, default 1) it holds k copies of the inner policy and decides the
 * regions on k threads of its own, region r on copy {@code r mod k}, so the decision is the same as with one thread.
 *
 * <p>Known by the inner policy's name. Passes on the inner policy's {@link Stateless}, {@link HasDecisionTrace} (a
 * split slot's entropy is the UE-weighted mean of its regions') and, with one copy, {@link LearnsOnline}; not an
 * expert's bound (a region's bound is not the slot's).
 */
public final class RegionalPolicy implements OffloadingPolicy {
    /** The option suffix: {@code P.regions}. */
    public static final String OPTION = "regions";
    /** The option suffix: {@code P.regionThreads}. */
    public static final String THREADS_OPTION = "regionThreads";
    /** The most threads {@code P.regionThreads} may ask for. */
    public static final int MAX_THREADS = 16;

    private final List<OffloadingPolicy> inner;
    private final RegionCount count;
    private final ExecutorService pool; // null with one copy

    /**
     * @param count how many regions a slot is split into
     * @param threads copies of the inner policy and threads to decide on (1: the caller's thread)
     * @param make makes one copy of the inner policy; the copies are this policy's and closed with it
     */
    public RegionalPolicy(RegionCount count, int threads, Supplier<OffloadingPolicy> make) {
        if (count == null || make == null) throw new IllegalArgumentException("count and inner policy are required");
        if (threads < 1 || threads > MAX_THREADS)
            throw new IllegalArgumentException("region threads must be in 1.." + MAX_THREADS + ", got " + threads);
        this.count = count;
        List<OffloadingPolicy> made = new ArrayList<>(threads);
        try {
            for (int k = 0; k < threads; k++) made.add(make.get());
        } catch (RuntimeException e) {
            made.forEach(OffloadingPolicy::close);
            throw e;
        }
        this.inner = List.copyOf(made);
        this.pool = threads == 1
                ? null
                : Executors.newFixedThreadPool(threads, r -> {
                    Thread t = new Thread(r, "region-decider");
                    t.setDaemon(true);
                    return t;
                });
    }

    public RegionCount count() {
        return count;
    }

    /** The inner policy (the first copy). */
    public OffloadingPolicy inner() {
        return inner.get(0);
    }

    @Override
    public String name() {
        return inner.get(0).name();
    }

    @Override
    public Decision decide(Instance instance, Prompt prompt) {
        return decideTraced(instance, prompt, false).decision();
    }

    private HasDecisionTrace.Traced decideTraced(Instance instance, Prompt prompt, boolean traced) {
        int r = count.regionsFor(instance.n(), instance.m());
        if (r == 1) return one(inner.get(0), instance, prompt, traced);
        RegionPlan plan = RegionPlan.of(instance, r);
        Decision[] parts = new Decision[r];
        double[] entropy = new double[r];
        Instance[] subs = new Instance[r];
        for (int g = 0; g < r; g++) subs[g] = plan.subInstance(g);
        if (pool == null) {
            for (int g = 0; g < r; g++) decideRegion(inner.get(0), subs, g, prompt, traced, parts, entropy);
        } else {
            int k = inner.size();
            List<Future<?>> done = new ArrayList<>(k);
            for (int c = 0; c < k; c++) {
                int copy = c;
                done.add(pool.submit(() -> {
                    for (int g = copy; g < r; g += k)
                        decideRegion(inner.get(copy), subs, g, prompt, traced, parts, entropy);
                }));
            }
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    done.forEach(x -> x.cancel(true));
                    throw new IllegalStateException("interrupted while the regions were decided", e);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    if (e.getCause() instanceof Error err) throw err;
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
        double weighted = 0;
        for (int g = 0; g < r; g++) weighted += subs[g] == null ? 0 : entropy[g] * subs[g].n();
        return new HasDecisionTrace.Traced(plan.merge(parts), traced ? weighted / instance.n() : Double.NaN);
    }

    private static void decideRegion(
            OffloadingPolicy p,
            Instance[] subs,
            int g,
            Prompt prompt,
            boolean traced,
            Decision[] parts,
            double[] entropy) {
        if (subs[g] == null) return;
        HasDecisionTrace.Traced t = one(p, subs[g], prompt, traced);
        parts[g] = t.decision();
        entropy[g] = t.entropy();
    }

    private static HasDecisionTrace.Traced one(OffloadingPolicy p, Instance instance, Prompt prompt, boolean traced) {
        if (traced) {
            Optional<HasDecisionTrace> t = p.capability(HasDecisionTrace.class);
            if (t.isPresent()) return t.get().decideTraced(instance, prompt);
        }
        return new HasDecisionTrace.Traced(p.decide(instance, prompt), Double.NaN);
    }

    @Override
    public <C> Optional<C> capability(Class<C> type) {
        OffloadingPolicy first = inner.get(0);
        if (type == Stateless.class) return first.capability(type);
        if (type == LearnsOnline.class) return inner.size() == 1 ? first.capability(type) : Optional.empty();
        if (type == HasDecisionTrace.class
                && first.capability(HasDecisionTrace.class).isPresent()) {
            HasDecisionTrace t = (instance, prompt) -> decideTraced(instance, prompt, true);
            return Optional.of(type.cast(t));
        }
        if (type == HasDecisionTrace.class) return Optional.empty();
        return OffloadingPolicy.super.capability(type);
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
        inner.forEach(OffloadingPolicy::close);
    }
}
