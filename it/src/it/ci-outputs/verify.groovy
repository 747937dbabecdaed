// ci-outputs: junit.xml has one testcase per job, exactly one <failure> (the raised baseline) carrying the
// gate's own message, an <error> per job without a capacity; summary.md has the same verdicts as a table.
def out = new File(basedir, 'target/capacity')
def log = new File(basedir, 'build.log').text
def results = new groovy.json.JsonSlurper().parse(new File(out, 'results.json'))
assert results.jobs.size() == 4
def rr = results.jobs.find { it.router == 'round_robin' && it.slo == 'ttft_p99_10s' }
def impossible = results.jobs.findAll { it.slo == 'ttft_p99_1ms' }
assert impossible.size() == 2 && impossible.every { it.capacity == null && it.status != null }

def junit = new groovy.xml.XmlSlurper().parse(new File(out, 'junit.xml'))
assert junit.name() == 'testsuite'
assert junit.@tests.text() == '4' && junit.@failures.text() == '1' && junit.@errors.text() == '2'
def cases = junit.testcase
assert cases.size() == 4 : "one testcase per job, got ${cases.size()}"
assert (cases*.@name*.text() as Set) == (results.jobs.collect { "${it.key} [${it.hash}]".toString() } as Set)
def failures = cases.findAll { it.failure.size() > 0 }
assert failures.size() == 1 : "exactly one failure (the raised baseline), got ${failures.size()}"
assert failures[0].@name.text() == "${rr.key} [${rr.hash}]"
def message = failures[0].failure.@message.text()
assert message.startsWith("Capacity regressed for ${rr.key} [${rr.hash}]: max QPS ")
assert log.contains(message) : "the failure's message is not the gate's line in build.log: ${message}"
def errors = cases.findAll { it.error.size() > 0 }
assert errors.size() == 2
assert (errors*.@name*.text() as Set) == (impossible.collect { "${it.key} [${it.hash}]".toString() } as Set)
errors.each { assert it.error.@type.text() in ['NOT_FOUND', 'BELOW_MIN_QPS'] }
// the passing job says what it was compared with
def lor = cases.find { it.@name.text().contains('_lor_') && it.@name.text().contains('ttft_p99_10s') }
assert lor.failure.size() == 0 && lor.error.size() == 0
assert lor.'system-out'.text().startsWith('Capacity improved for ')
assert junit.properties.property.find { it.@name == 'comparedWith' }.@value.text() == 'src/capacity/baseline.json'

def md = new File(out, 'summary.md').readLines()
assert md[0] == '## Capacity: 1 job(s) regressed'
int header = md.indexOf('| Job | Capacity | Baseline | Change | Status |')
assert header > 0 : "no table header in summary.md"
def rows = md.drop(header + 2).takeWhile { it.startsWith('| ') }
assert rows.size() == 4
def rrRow = rows.find { it.startsWith("| `${rr.hash}` ") }
assert rrRow.contains(' | 50 | ') && rrRow.endsWith(' | **REGRESSED** |')
assert rows.count { it.contains('| NEW, ') } == 2
assert md.contains(message) : "summary.md lacks the gate's message"
true
