package dev.capacity.plugin.ci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.results.Baseline;
import dev.capacity.plugin.results.BaselineGate;
import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.SeedSpread;
import dev.capacity.plugin.results.StudyResults;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CiOutputsTest {
  static JobResult job(String key, String hash, Double capacity, String status, String reason, String error) {
    return new JobResult(0, key, hash, "m", "t", "c", "round_robin", "fcfs", "vllm_v1_cs512", "slo", 1, 1, 128,
        "qps", 100, null, capacity, "qps", "CONVERGED", List.of(), error, status, reason);
  }

  static StudyResults results(JobResult... jobs) {
    return new StudyResults(1, "t", "capacity.yaml", "f", Map.of(), List.of(jobs));
  }

  static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void oneTestcasePerJobAFailurePerRegressionAnErrorPerJobWithoutCapacity() throws Exception {
    StudyResults r = results(job("a", "aaaa0000", 9.0, null, null, null), job("b", "bbbb1111", 10.0, null, null, null),
        job("c", "cccc2222", null, "BELOW_MIN_QPS", "below min_qps 0.1: 0.0625 QPS still fails", null),
        job("d", "dddd3333", null, null, null, "probe r2_q1 failed: <boom> & \"quotes\"\u0001"));
    List<BaselineGate.Comparison> cmp =
        BaselineGate.compare(r, new Baseline(1, Map.of("a", 10.0, "b", 10.0)), 0.02);
    String xml = JunitXml.render(r, cmp, 0.02, "src/capacity/baseline.json", List.of());
    Element suite = parse(xml).getDocumentElement();
    assertThat(suite.getTagName()).isEqualTo("testsuite");
    assertThat(suite.getAttribute("tests")).isEqualTo("4");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(suite.getAttribute("errors")).isEqualTo("2");
    NodeList cases = suite.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(4);
    Element a = (Element) cases.item(0);
    assertThat(a.getAttribute("name")).isEqualTo("a [aaaa0000]");
    Element failure = (Element) a.getElementsByTagName("failure").item(0);
    // the gate's exact line, as the build log prints it
    assertThat(failure.getAttribute("message")).isEqualTo(cmp.get(0).describe(0.02));
    Element d = (Element) cases.item(3);
    // escaped, and a control character XML cannot carry replaced
    assertThat(((Element) d.getElementsByTagName("error").item(0)).getAttribute("message"))
        .isEqualTo("search failed: probe r2_q1 failed: <boom> & \"quotes\"?");
    assertThat(((Element) cases.item(2)).getElementsByTagName("error").item(0).getTextContent())
        .isEqualTo("below min_qps 0.1: 0.0625 QPS still fails");
    assertThat(xml).doesNotContain("timestamp", "time=");
    // the headline says what fails the build first: the regression, then failed searches
    assertThat(SummaryMarkdown.render(r, cmp, 0.02, "b.json", List.of())).startsWith("## Capacity: 1 job(s) regressed");
    StudyResults noRegression = results(job("d", "dddd3333", null, null, null, "boom"));
    assertThat(SummaryMarkdown.render(noRegression, null, 0.02, null, List.of()))
        .startsWith("## Capacity: 1 search(es) failed");
  }

  @Test
  void aGateFailureOfNoSingleJobIsOneMoreFailedCase() throws Exception {
    StudyResults r = results(job("a", "aaaa0000", 9.0, null, null, null));
    List<BaselineGate.Comparison> cmp = BaselineGate.compare(r, new Baseline(1, Map.of("old", 10.0)), 0.02);
    String xml = JunitXml.render(r, cmp, 0.02, "b.json", List.of("capacity: the baseline matches none\n  x"));
    Element suite = parse(xml).getDocumentElement();
    assertThat(suite.getAttribute("tests")).isEqualTo("2");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    Element gate = (Element) suite.getElementsByTagName("testcase").item(1);
    assertThat(gate.getAttribute("name")).isEqualTo("capacity gate");
    assertThat(gate.getElementsByTagName("failure").item(0).getTextContent())
        .isEqualTo("capacity: the baseline matches none\n  x");
  }

  @Test
  void summaryIsATableWithPipesEscapedAndTheMessagesVerbatim(@TempDir Path dir) throws Exception {
    StudyResults r = results(job("a|b", "aaaa0000", 9.0, null, null, null), job("c", "cccc2222", 11.0, null, null, null));
    List<BaselineGate.Comparison> cmp = BaselineGate.compare(r, new Baseline(1, Map.of("a|b", 10.0, "c", 10.0)), 0.02);
    CiOutputs.write(dir, r, cmp, 0.02, "src/capacity/baseline.json", List.of());
    List<String> md = Files.readAllLines(dir.resolve("summary.md"));
    assertThat(md.get(0)).isEqualTo("## Capacity: 1 job(s) regressed");
    assertThat(md).contains("| Job | Capacity | Baseline | Change | Status |",
        "| `aaaa0000` a\\|b | 9 QPS | 10 | -10.00% | **REGRESSED** |",
        "| `cccc2222` c | 11 QPS | 10 | +10.00% | IMPROVED |",
        cmp.get(0).describe(0.02));
    byte[] first = Files.readAllBytes(dir.resolve("junit.xml"));
    CiOutputs.write(dir, r, cmp, 0.02, "src/capacity/baseline.json", List.of());
    assertThat(Files.readAllBytes(dir.resolve("junit.xml"))).isEqualTo(first); // no timestamps
  }

  @Test
  void withoutABaselineEveryJobWithACapacityPassesAndTheSpreadIsAColumn() throws Exception {
    StudyResults r = results(job("a", "aaaa0000", 9.0, null, null, null))
        .withSeedSpread(new SeedSpread(List.of(42L, 43L), Map.of("a", new SeedSpread.Job(Arrays.asList(9.0, 10.0),
            9.0, 10.0, 9.5, 0.5, 1 / 9.5))));
    Element suite = parse(JunitXml.render(r, null, 0.02, null, List.of())).getDocumentElement();
    assertThat(suite.getAttribute("failures") + suite.getAttribute("errors")).isEqualTo("00");
    String md = SummaryMarkdown.render(r, null, 0.02, null, List.of());
    assertThat(md).contains("## Capacity: 1 job(s), no baseline to compare with",
        "| Job | Capacity | Baseline | Change | Status | Seed spread |",
        "| `aaaa0000` a | 9 QPS |  |  | FOUND | 9 to 10 (range 10.53% of mean, sd 0.5) |");
  }
}
