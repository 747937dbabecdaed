// replicas-side-by-side (issue 17): two search configs differing only in num_replicas both run; results.csv
// has the deployment columns; the report opens with the answer and charts both replica counts.
def out = new File(basedir, 'target/capacity')
def log = new File(basedir, 'build.log').text
def results = new groovy.json.JsonSlurper().parse(new File(out, 'results.json'))

// r2: 2 routers x TP 1, 2 x 2 SLOs; r1: round_robin only (one replica) x TP 1, 2 x 2 SLOs
assert results.jobs.size() == 12
assert results.jobs*.replicas as Set == [1, 2] as Set
assert results.jobs*.key.every { it.contains('_searchqps_r1_q1_reqs300') || it.contains('_searchqps_r2_q1_reqs300') }
assert results.jobs*.hash.unique().size() == 12
assert !log.contains('duplicates the search config')
def found = results.jobs.findAll { it.slo == 'ttft_p90_10s' }
assert found.every { it.capacity > 0 } : "every ttft_p90_10s job finds a capacity: ${found*.capacity}"
def none = results.jobs.findAll { it.slo == 'ttft_p90_1ms' }
assert none.every { it.capacity == null && it.status in ['BELOW_MIN_QPS', 'NOT_FOUND'] }

def csv = new File(out, 'results.csv').readLines()
def header = csv[0].split(',') as List
assert header.containsAll(['replicas', 'gpus', 'qps_per_gpu', 'cost_per_hour', 'qps_per_dollar_hour'])
// RFC 4180 cells (status_reason is quoted: it has commas)
def parse = { String line ->
  def cells = []
  def m = line =~ /(?:^|,)("(?:[^"]|"")*"|[^,]*)/
  while (m.find()) { cells << m.group(1).replaceAll(/^"|"$/, '').replace('""', '"') }
  cells
}
def rows = csv.drop(1).collect { line -> [header, parse(line)].transpose().collectEntries() }
assert rows.size() == 12
rows.each { r ->
  assert (r.replicas as int) * (r.tp as int) == (r.gpus as int)
  if (r.capacity) {
    assert Math.abs((r.capacity as double) / (r.gpus as int) - (r.qps_per_gpu as double)) < 1e-6
    assert Math.abs((r.gpus as int) * 2.5 - (r.cost_per_hour as double)) < 1e-9
  }
}
assert rows*.replicas as Set == ['1', '2'] as Set

def html = new File(out, 'report/index.html').text
int answer = html.indexOf('<h2 id="answer">')
assert answer > 0 && answer < html.indexOf('<svg') && answer < html.indexOf('<h2 id="baseline">')
def answers = html.substring(answer, html.indexOf('<h2 id="capacity">'))
assert answers =~ /Best: (round_robin|lor) on [12] x TP[12], [0-9.]+ QPS \([0-9.]+ QPS per GPU\)\. Runner-up: /
assert answers.contains('the best sustains ') || answers.contains('a tie')
assert answers =~ /(Cheapest meeting the target 1 QPS: |No configuration reaches the target 1 QPS)/
assert answers =~ /has no capacity: TTFT p90 was [0-9.]+ s &gt; 0\.001 s even at [0-9.]+ QPS/
def groups = html.split('<section class="group">').drop(1).collect { it.substring(0, it.indexOf('</section>')) }
assert groups.size() == 2
def ok = groups.find { it.contains('SLO ttft_p90_10s') }
['2 x TP1', '2 x TP2', '1 x TP1', '1 x TP2'].each { assert ok.contains(">${it}<") : "chart or table lacks ${it}" }
assert ok.contains('<th>TTFT p90</th>') && !ok.contains('TTFT p99')
def failing = groups.find { it.contains('SLO ttft_p90_1ms') }
assert !failing.contains('<svg') && failing.contains('No chart')
true
