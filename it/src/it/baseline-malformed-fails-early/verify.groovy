// baseline-malformed-fails-early (issue 15, item 4): five malformed baselines, five failures before any
// simulation, each naming the file and the offending key, one line per problem, no stack trace.
def log = new File(basedir, 'build.log').text
def key = 'Meta-Llama-3-8B_mooncake_conversation_tk131072_h100_dgx_round_robin_fcfs_vllm_v1_cs512_tp1_pp1_bsz128_slottft_p99_10s_searchqps_q1_reqs300'
def dir = new File(basedir, 'src/capacity').canonicalFile

def expect = { String file, List<String> problems ->
  def head = "capacity: malformed baseline ${new File(dir, file)}:"
  int at = log.indexOf(head)
  assert at >= 0 : "no '${head}' in build.log"
  def lines = log.substring(at).readLines()
  problems.eachWithIndex { p, i -> assert lines[i + 1] == "[ERROR]   ${p}" || lines[i + 1] == "  ${p}" : "line ${i + 1} after ${head}: ${lines[i + 1]}" }
}
expect('baseline.json', ["capacity of \"${key}\" is -200: expected a positive number"])
expect('empty-object.json', ['no "schemaVersion" (expected 1)', 'no "capacities" map'])
expect('empty-capacities.json', ['"capacities" is empty: it gates nothing'])
expect('not-json.json', ["not JSON: Unrecognized token 'capacities': was expecting (JSON String, Number (or 'NaN'/'+INF'/'-INF'), Array, Object or token 'null', 'true' or 'false') (line 1, column 1)"])
expect('wrong-schema.json', ['"schemaVersion" is 2, expected 1', "capacity of \"${key}\" is 0: expected a positive number",
    'capacity of "other" is "fast": expected a positive number'])

assert log.count('BUILD FAILURE') == 5
assert !log.contains('Cannot invoke')
assert !log.contains('\tat ') : 'a stack trace reached the user'
// nothing simulated: the runner never started, no outputs
assert !log.contains('distinct simulations per probe point')
assert !new File(basedir, 'target/capacity/runs').exists()
assert !new File(basedir, 'target/capacity/results.json').exists()
true
