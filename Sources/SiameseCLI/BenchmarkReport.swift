import Foundation
import SiameseEngine

/// The human-readable form of a benchmark result.
enum BenchmarkReport {
  static func text(_ r: BenchmarkResult) -> String {
    func f(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
    func row(_ label: String, _ seconds: Double, _ pairs: Double, _ gflops: Double) -> String {
      label.padding(toLength: 31, withPad: " ", startingAt: 0) + f(seconds, 3).padding(
        toLength: 9, withPad: " ", startingAt: 0) + f(pairs).padding(
          toLength: 10, withPad: " ", startingAt: 0) + f(gflops, 0) + " (\(share(gflops)))"
    }
    let gib = Double(r.peakRSSBytes) / Double(1 << 30)
    let share = { (gflops: Double) in f(100 * gflops / r.gflopsPerSecondPlainSGEMM, 0) + " %" }
    return [
      "Reference network (Koch tower, 100×100×1, \(r.parameterCount) parameters), Adam, "
        + "\(r.pairsPerStep) pairs per step, "
        + (r.timedSteps == 1 ? "1 timed step" : "best of \(r.timedSteps) timed steps"),
      "BLAS: OpenBLAS core \(r.blasCore) (detected by OpenBLAS: \(r.detectedBLASCore)), "
        + (r.threads == 1 ? "1 thread" : "\(r.threads) threads"),
      "",
      "plain SGEMM 1024³: \(f(r.gflopsPerSecondPlainSGEMM, 0)) GFLOP/s, the most this machine's "
        + "BLAS gives; load average at start \(f(r.loadAverageAtStart, 2))",
      "",
      "batch                          s/step   pairs/s   GFLOP/s (share of plain SGEMM)",
      row(
        "10-shot (30 distinct images)", r.secondsPerStep10Shot, r.pairsPerSecond10Shot,
        r.gflopsPerSecond10Shot),
      row(
        "60 distinct images", r.secondsPerStepDistinct, r.pairsPerSecondDistinct,
        r.gflopsPerSecondDistinct),
      "embedding (batches of 64)      \(f(r.embeddingsPerSecond)) images/s, "
        + "\(f(r.gflopsPerSecondEmbedding, 0)) GFLOP/s (\(share(r.gflopsPerSecondEmbedding)))",
      "peak resident memory           \(f(gib, 2)) GiB",
    ].joined(separator: "\n")
  }
}
