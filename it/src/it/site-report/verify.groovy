// site-report: `mvn verify site` renders the capacity report from the search's results.json
def results = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/capacity/results.json'))
def page = new File(basedir, 'target/site/capacity.html')
assert page.isFile() : "no ${page}: the capacity report is missing from the site"
def html = page.text
results.jobs.each { job ->
  assert html.contains(job.hash) : "capacity.html does not show job ${job.hash}"
  def shown = new java.math.BigDecimal(job.capacity.toString()).setScale(6, java.math.RoundingMode.HALF_EVEN)
      .stripTrailingZeros().toPlainString()
  assert html.contains(shown) : "capacity.html does not show capacity ${shown} of ${job.hash}"
}
// the checked-in baseline (0.2 QPS per job; an empty one is refused: it would gate nothing)
assert html.contains('IMPROVED') : 'capacity.html shows no baseline comparison'
def reports = new File(basedir, 'target/site/project-reports.html')
assert reports.isFile() : "no ${reports}"
assert reports.text.contains('capacity.html') : 'Project Reports does not list the capacity report'
