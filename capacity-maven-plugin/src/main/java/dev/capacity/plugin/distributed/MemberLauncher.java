package dev.capacity.plugin.distributed;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts a Hazelcast member that runs capacity probes: {@code java -cp <plugin class path>
 * dev.capacity.plugin.distributed.MemberLauncher --cluster NAME --port 5701 [--interface IP]
 * [--members host:port,...] [--threads N]}. Joins by TCP/IP to the listed members (multicast off), phone
 * home off, and sizes the {@value HazelcastProbeExecutor#EXECUTOR} executor to the cores (or
 * {@code --threads}). Runs until killed. A stock member ({@code HazelcastMemberStarter}) with this jar,
 * the simulator and their dependencies on its class path works as well.
 */
public final class MemberLauncher {
  private MemberLauncher() {}

  public static void main(String[] args) {
    String cluster = "dev";
    int port = 5701;
    String host = "127.0.0.1";
    List<String> members = new ArrayList<>();
    int threads = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--cluster" -> cluster = value;
        case "--port" -> port = Integer.parseInt(value);
        case "--interface" -> host = value;
        case "--members" -> members.addAll(Arrays.asList(value.split(",")));
        case "--threads" -> threads = Integer.parseInt(value);
        default -> {
          System.err.println("usage: MemberLauncher [--cluster NAME] [--port N] [--interface IP]"
              + " [--members host:port,...] [--threads N]");
          System.exit(2);
        }
      }
      i++;
    }
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config(cluster, host, port, members, threads));
    System.out.println("capacity member " + member.getCluster().getLocalMember().getAddress()
        + " of cluster " + cluster + " running, " + threads + " probe threads");
  }

  static Config config(String cluster, String host, int port, List<String> members, int threads) {
    Config config = new Config();
    config.setClusterName(cluster);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false).setPublicAddress(host + ":" + port);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(host);
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).addMember(host + ":" + port);
    members.forEach(m -> join.getTcpIpConfig().addMember(m.trim()));
    config.getExecutorConfig(HazelcastProbeExecutor.EXECUTOR).setPoolSize(threads);
    return config;
  }
}
