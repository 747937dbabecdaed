// shards-merge: three shards merged give the unsharded results, byte for byte, and the report; a
// disaggregated layout (1P1D) with KV-cache tiers shards and merges like a colocated search config.
def merged = new File(basedir, 'target/capacity')
def whole = new File(basedir, 'target/whole')
def log = new File(basedir, 'build.log').text

(1..3).each { k ->
  def shard = new File(merged, "shard-${k}-of-3")
  assert new File(shard, 'results.json').isFile() : "no partial results of shard ${k}"
  assert !new File(shard, 'report').exists() : "a shard writes no report"
  def partial = new groovy.json.JsonSlurper().parse(new File(shard, 'results.json'))
  assert partial.shard == k && partial.shards == 3 && partial.grid.size() == 12
  assert partial.results.jobs.size() >= 2 && partial.results.jobs.size() % 2 == 0 : "whole simulation groups (2 SLO jobs each) per shard"
  assert log.contains("capacity: shard ${k}/3: ") && log.contains(" of 12 jobs")
}
assert log.contains('capacity: merged 3 shards (12 jobs')
['results.json', 'results.csv'].each { name ->
  def a = new File(merged, name)
  def b = new File(whole, name)
  assert a.isFile() && b.isFile() : "missing ${name}"
  assert a.bytes == b.bytes : "${name} of the merge differs from the unsharded run"
}
assert new File(merged, 'report/index.html').isFile()
def results = new groovy.json.JsonSlurper().parse(new File(merged, 'results.json'))
results.jobs.each { j ->
  j.probes.each { p -> assert new File(merged, "${p.folder}/probe.json").isFile() : "report link ${p.folder} broken" }
}
def disaggregated = results.jobs.findAll { it.key.endsWith('_1P1D_cpukv8.0g_poolkv16.0g') }
assert disaggregated.size() == 6 : 'the 1P1D layout with KV tiers: 3 routers x 2 SLO configs'
def probe = disaggregated[0].probes.find { it.folder != null }
def config = new File(merged, "${probe.folder}/simulation/config.json").text
assert config.contains('"layout"') && config.contains('"kvTiers"')
def summary = new groovy.json.JsonSlurper().parse(new File(merged, "${probe.folder}/simulation/summary.json"))
assert summary.prefix_cache_hit_ratio_by_tier != null : 'hit ratios by tier in summary.json'
// no baseline: the merge gates like verify, writing the same candidate
assert new File(merged, 'baseline.candidate.json').bytes == new File(whole, 'baseline.candidate.json').bytes
true
