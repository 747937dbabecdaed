// compare-goal: capacity:compare gates against another results.json with the baseline gate's verdicts
// and messages; bad references fail in one line; a history folder becomes report/trend.svg.
def out = new File(basedir, 'target/capacity')
def log = new File(basedir, 'build.log').text
def results = new groovy.json.JsonSlurper().parse(new File(out, 'results.json'))
assert results.jobs.size() == 2
def rr = results.jobs.find { it.router == 'round_robin' }
def lor = results.jobs.find { it.router == 'lor' }
assert rr.capacity > 0.05 && lor.capacity > 0.05

// 2: below the current capacities: both improved, the build passed
assert log.contains('0 regressed, 2 improved, 0 new, 0 not in the study')
def svg = new File(out, 'report/trend.svg')
assert svg.isFile() : 'no report/trend.svg from capacity.history'
def chart = svg.text
['2026-12-01', '2026-12-02', 'this run', rr.hash, lor.hash].each { assert chart.contains(it) : "trend.svg lacks ${it}" }
// the report of a run that draws it shows it (goal 7 draws it too, and its report is the last)
def report = new File(out, 'report/index.html').text
assert report.contains('<img src="trend.svg"') && report.contains('href="#trend"') : 'the report does not show the trend'

// 3-5: one line each, naming the parameter and the file; no stack trace
def missing = log.readLines().find { it.contains('capacity: capacity.compareTo: no file at ') }
assert missing != null && missing.contains('missing.json')
def malformed = log.readLines().find { it.contains('capacity: capacity.compareTo: ') && it.contains('malformed.json is not a results.json: ') }
assert malformed != null : 'no one-line error for the malformed reference'
assert log.contains('(capacity.compareTo) matches none of the study\'s 2 job(s), so it gates nothing')
assert log.contains('compared job not in the study: OtherModel_round_robin')
assert log.contains('study job not in the compared results: ')
assert !(log =~ /\n\s+at dev\.capacity\./) : 'a stack trace in build.log'

// 6: a history folder that does not exist
def noHistory = log.readLines().find { it.contains('capacity: capacity.history: no folder at ') }
assert noHistory != null && noHistory.contains('no-such-folder')

// 7: the base run's 50 QPS for round_robin: the same regression line as the baseline gate
def m = log =~ /Capacity regressed for ([^ ]+) \[([0-9a-f]{8})\]: max QPS ([0-9.]+) < baseline 50 /
assert m.find()
assert m.group(1) == rr.key && m.group(2) == rr.hash
assert log.contains('1 job(s) lost capacity against ') && log.contains('higher.json')
def junit = new groovy.xml.XmlSlurper().parse(new File(out, 'junit.xml'))
assert junit.@tests.text() == '2' && junit.@failures.text() == '1' && junit.@errors.text() == '0'
assert junit.testcase.find { it.failure.size() > 0 }.@name.text() == "${rr.key} [${rr.hash}]"
assert junit.properties.property.find { it.@name == 'comparedWith' }.@value.text() == 'base/higher.json'
def md = new File(out, 'summary.md').text
assert md.startsWith('## Capacity: 1 job(s) regressed')
assert md.contains('compared with `base/higher.json`')
true
