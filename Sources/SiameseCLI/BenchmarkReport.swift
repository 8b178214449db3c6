import Foundation
import SiameseEngine

/// The human-readable form of a benchmark result.
enum BenchmarkReport {
  static func text(_ r: BenchmarkResult) -> String {
    func f(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
    let gib = Double(r.peakRSSBytes) / Double(1 << 30)
    return """
      Reference network (Koch tower, 100×100×1, \(r.parameterCount) parameters), Adam, \
      \(r.pairsPerStep) pairs per step, best of \(r.timedSteps) timed steps
      BLAS: OpenBLAS core \(r.blasCore) (detected by OpenBLAS: \(r.detectedBLASCore)), \
      \(r.threads) threads

      batch                          s/step   pairs/s   GFLOP/s
      10-shot (30 distinct images)   \(f(r.secondsPerStep10Shot, 3))    \(f(r.pairsPerSecond10Shot))      \(f(r.gflopsPerSecond10Shot, 0))
      60 distinct images             \(f(r.secondsPerStepDistinct, 3))    \(f(r.pairsPerSecondDistinct))      \(f(r.gflopsPerSecondDistinct, 0))
      embedding (batches of 64)      \(f(r.embeddingsPerSecond)) images/s, \(f(r.gflopsPerSecondEmbedding, 0)) GFLOP/s
      peak resident memory           \(f(gib, 2)) GiB
      """
  }
}
