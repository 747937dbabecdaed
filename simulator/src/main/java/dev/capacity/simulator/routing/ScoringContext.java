package dev.capacity.simulator.routing;

import dev.capacity.simulator.SimulationInputException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a filter or scorer of a {@code scorer} router is built from: the cluster, the router's seeded
 * random stream, the part's own YAML parameters, and the states the router's parts share (llm-d's data
 * producers, such as its approximate prefix index, which its prefix scorer and prefix filter both read).
 */
public final class ScoringContext {
  private final RouterContext router;
  private final String routerName;
  private final String part;
  private final boolean sessionsRequired;
  private final Map<String, RoutingListener> shared;

  ScoringContext(RouterContext router, String routerName, String part, boolean sessionsRequired,
      Map<String, RoutingListener> shared) {
    this.router = router;
    this.routerName = routerName;
    this.part = part;
    this.sessionsRequired = sessionsRequired;
    this.shared = shared;
  }

  /** The same router, for its part {@code name} with parameters {@code params}. */
  ScoringContext forPart(String name, Map<String, Object> params) {
    return new ScoringContext(new RouterContext(router.cluster(), router.random(), params), routerName, name,
        sessionsRequired, shared);
  }

  public ClusterView cluster() {
    return router.cluster();
  }

  public int numReplicas() {
    return router.numReplicas();
  }

  /** The router's random stream (the only randomness a part may use, so runs are reproducible). */
  public RouterRandom random() {
    return router.random();
  }

  /** This part's YAML parameters. */
  public Map<String, Object> params() {
    return router.params();
  }

  public double doubleParam(String key, double fallback) {
    return router.doubleParam(key, fallback);
  }

  public int intParam(String key, int fallback) {
    return router.intParam(key, fallback);
  }

  /** A parameter that names one of {@code allowed}, or {@code fallback} when absent. */
  public String choiceParam(String key, String fallback, List<String> allowed) {
    Object v = params().get(key);
    String s = v == null ? fallback : v.toString();
    if (!allowed.contains(s)) {
      throw invalid(key + " must be one of " + String.join(", ", allowed) + ", got '" + s + "'");
    }
    return s;
  }

  /** A user-facing error naming the router and this part. */
  public SimulationInputException invalid(String message) {
    return new SimulationInputException("router '" + routerName + "', " + part + ": " + message);
  }

  /** The router's name, for messages. */
  public String routerName() {
    return routerName;
  }

  /**
   * Whether every request must carry a session id (the built-in sticky routers); otherwise a request
   * without one simply has no session to be affine to.
   */
  public boolean sessionsRequired() {
    return sessionsRequired;
  }

  /**
   * The state shared under {@code key} by this router's parts, made by {@code make} on first request. It
   * hears every routing event once, before the filters and scorers do.
   */
  public <T extends RoutingListener> T shared(String key, Class<T> type, Function<ScoringContext, T> make) {
    RoutingListener s = shared.get(key);
    if (s == null) {
      s = make.apply(this);
      shared.put(key, s);
    }
    return type.cast(s);
  }
}
