// seeds-spread: capacity.seeds=3 runs seeds 42, 43, 44; results.json, results.csv and summary.md carry
// each job's spread; the outputs do not depend on the thread count; seeds=0 is a one-line error.
def out = new File(basedir, 'target/capacity')
def log = new File(basedir, 'build.log').text
def results = new groovy.json.JsonSlurper().parse(new File(out, 'results.json'))
assert results.settings.seed == 42 : 'the study results are the first seed\'s'
def spread = results.seedSpread
assert spread != null : 'no seedSpread in results.json'
assert spread.seeds == [42, 43, 44]
assert spread.jobs.size() == 2
results.jobs.each { j ->
  def s = spread.jobs[j.key]
  assert s != null : "no spread for ${j.key}"
  assert s.values.size() == 3
  assert s.values[0] == j.capacity : 'the first value is the study\'s own capacity'
  def found = s.values.findAll { it != null }
  assert s.min == found.min() && s.max == found.max()
  assert Math.abs(s.relativeRange - (s.max - s.min) / s.mean) < 1e-9
  assert s.stddev >= 0
}
[43, 44].each { seed ->
  def other = new groovy.json.JsonSlurper().parse(new File(out, "seeds/seed-${seed}/results.json"))
  assert other.settings.seed == seed
  other.jobs.each { j -> assert spread.jobs[j.key].values[seed - 42] == j.capacity }
}
def csv = new File(out, 'results.csv').readLines()
assert csv[0].endsWith(',status_reason,replicas,gpus,qps_per_gpu,cost_per_hour,qps_per_dollar_hour,'
    + 'prefix_hit_ratio_at_capacity,prefix_hit_ratio_gpu_at_capacity,prefix_hit_ratio_cpu_at_capacity,prefix_hit_ratio_pool_at_capacity,'
    + 'capacity_min,capacity_max,capacity_stddev,capacity_spread_percent')
def md = new File(out, 'summary.md').text
assert md.contains('| Job | Capacity | Baseline | Change | Status | Seed spread |')
assert md.contains('Seeds 42, 43, 44.')
assert log.contains('capacity: seed 3 of 3 (44) into ')

// the same outputs on one thread
def t1 = new File(basedir, 'target/t1')
['results.json', 'results.csv', 'summary.md', 'junit.xml', 'seeds/seed-43/results.json'].each { name ->
  assert new File(out, name).bytes == new File(t1, name).bytes : "${name} differs between 2 threads and 1"
}

assert log.contains('capacity: capacity.seeds must be 1 or more (seeds per search), got 0')
true
