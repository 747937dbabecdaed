// input-rules: inputs that used to give meaningless answers fail before anything runs, each at its own key.
def log = new File(basedir, 'build.log').text
def lines = log.readLines()
assert log.contains('capacity: invalid study ')
// more than 10 % clipped by max_seq_len: k of n, the longest request, the key's line
def clip = lines.find { it.contains('capacity.yaml:25:18: traces[0].max_seq_len: 8 clips ') }
assert clip != null : 'no max_seq_len error at capacity.yaml:25:18'
assert clip.contains('clips 300 of 300 requests (100.0 %) of trace \'mooncake_conversation\' (conversation_trace.jsonl)')
assert clip =~ /the longest request has \d+ tokens \(prompt \+ output\)/
// catalog names at their own keys, not at the search config's line
def model = lines.find { it.contains("capacity.yaml:32:17: models[0].identifier: unknown model 'Llama-3-8B'; allowed: ") }
assert model != null && model.contains('meta-llama/Meta-Llama-3-8B')
def device = lines.find { it.contains("capacity.yaml:4:13: clusters[0].device: unknown device 'h300'; allowed: ") }
assert device != null && device.contains('h100')
// no per-job cascade
assert !log.contains('search config at line')
// num_requests above the trace's rows: a warning naming the repeats and the prefix cache
def wrap = lines.find { it.contains('[WARNING]') && it.contains('num_requests 20000 exceeds the 12031 rows of trace \'mooncake_conversation\'') }
assert wrap != null : 'no num_requests warning'
assert wrap.contains('capacity.yaml:40:5: ') && wrap.contains('the trace repeats, its rows used 1.66 times over in file order (7969 of the 20000 requests replay an earlier row), and every repeat hits the prefix cache')
assert !new File(basedir, 'target/capacity/results.json').exists()
true
