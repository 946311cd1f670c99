// Runs after the project's build (maven-invoker-plugin). Fails naming what is wrong.
// Variables from the invoker: basedir (this project's copy), sdkCoordinates, flattenedPom, installedPom.

def problems = []

// 1. The SDK was resolved through the POM that is deployed: the flattened one, not the build's.
def flattened = new File(flattenedPom)
def installed = new File(installedPom)
if (!installed.isFile()) {
  problems << "the SDK's POM is not in the consumer's repository: ${installed}"
} else if (installed.text != flattened.text) {
  problems << "the SDK's POM the consumer resolved (${installed}) is not the flattened POM (${flattened})"
}

// 2. The runtime class path: the SDK, feign-core, jackson-core, jackson-annotations; nothing else, nothing less.
def expected = [sdkCoordinates, 'io.github.openfeign:feign-core',
                'com.fasterxml.jackson.core:jackson-core', 'com.fasterxml.jackson.core:jackson-annotations'] as Set
def junits = new File(basedir, 'invoker.properties').readLines().collect { (it =~ /-Djunit\.version=(\S+)/) }
    .findAll { it.find() }.collect { it.group(1) }
if (junits.size() < 2) problems << "invoker.properties: expected a run per JUnit (5 and 6), found ${junits}"
def runs = junits.collect { new File(basedir, "target/junit-${it}") }
runs.each { run ->
  def list = new File(run, 'runtime-dependencies.txt')
  if (!list.isFile()) {
    problems << "${run.name}: no ${list.name}: did maven-dependency-plugin run?"
    return
  }
  // "   group:artifact:type[:classifier]:version:scope[ -- module ...]"
  def jars = list.readLines().findAll { it.startsWith('   ') }.collect { it.trim().split(' ')[0] }
  def resolved = jars.collect { it.split(':')[0..1].join(':') } as Set
  def extra = jars.findAll { !expected.contains(it.split(':')[0..1].join(':')) }
  def missing = expected - resolved
  def notJars = jars.findAll { it.split(':')[2] != 'jar' }
  if (extra) problems << "${run.name}: runtime class path has jars a user should not get: ${extra}"
  if (missing) problems << "${run.name}: runtime class path lacks: ${missing}"
  if (notJars) problems << "${run.name}: not jars: ${notJars}"
  if (jars.size() != 4) problems << "${run.name}: runtime class path is ${jars.size()} jars, not 4: ${jars}"
  println "[consumer] ${run.name}: runtime class path ${jars.size()} jars: ${jars}"
}

// 3. The tests ran, and JUnit said nothing about the extension's stored resources.
def log = new File(basedir, 'build.log').text
def testRuns = (log =~ /Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: .* -- in com\.example\.consumer\.OrderNotifierTest/).size()
if (testRuns != junits.size()) problems << "build.log: expected OrderNotifierTest to pass in each of ${junits.size()} runs, found ${testRuns} passing runs"
def warnings = log.readLines().findAll { it.contains('CloseableResource') || it.contains('AutoCloseable') }
if (warnings) problems << "build.log: JUnit warned about the SandboxExtension's stored resources:\n  " + warnings.join('\n  ')

if (problems) {
  throw new AssertionError('consumer check failed:\n- ' + problems.join('\n- '))
}
println "[consumer] runtime class path is the SDK + feign-core + jackson-core + jackson-annotations; no JUnit warning"
return true
