import Foundation
import Randomness

/// Throughput of the engine on one configuration (see `EngineBenchmark.run`).
public struct BenchmarkResult: Codable, Sendable, Equatable {
  /// Pairs per second on a 10-shot style batch: 30 pairs drawn from 30 distinct images.
  public let pairsPerSecond10Shot: Double
  /// Pairs per second when all 60 images of the 30 pairs are distinct.
  public let pairsPerSecondDistinct: Double
  /// Images embedded per second, in batches of 64.
  public let embeddingsPerSecond: Double
  /// Peak resident set size of the process so far (getrusage ru_maxrss), bytes.
  public let peakRSSBytes: Int
  /// OpenBLAS core in use, and the one OpenBLAS had chosen by itself.
  public let blasCore: String
  public let detectedBLASCore: String
  /// Threads for SGEMM and for the engine's own loops.
  public let threads: Int
  /// Best seconds per training step for the two batches (the pairs-per-second figures use it).
  public let secondsPerStep10Shot: Double
  public let secondsPerStepDistinct: Double
  /// Mean seconds per timed step, to show the spread against the best.
  public let meanSecondsPerStep10Shot: Double
  public let meanSecondsPerStepDistinct: Double
  /// Matrix-product GFLOP per second actually executed in the best steps and in embedding.
  public let gflopsPerSecond10Shot: Double
  public let gflopsPerSecondDistinct: Double
  public let gflopsPerSecondEmbedding: Double
  /// Mean CPU seconds (user + system, all threads) per timed step, and for all embeddings.
  /// Unlike wall time these hardly change when other processes share the cores, so they show
  /// whether a slow run was slow because of the engine or because of the machine.
  public let cpuSecondsPerStep10Shot: Double
  public let cpuSecondsPerStepDistinct: Double
  public let cpuSecondsEmbedding: Double
  /// The 1-minute load average when the benchmark started (Linux; -1 elsewhere). Above about
  /// 0.5 on this 2-core machine, other work was competing for the cores.
  public let loadAverageAtStart: Double
  /// GFLOP per second of one plain 1024×1024×1024 SGEMM on the same core and threads, best of
  /// several: what this machine's BLAS can do at best. The engine's figures divided by it
  /// compare runs on different machines, or on one whose speed changes with its host.
  public let gflopsPerSecondPlainSGEMM: Double
  /// Pairs per training step, timed steps per batch kind, parameters of the network.
  public let pairsPerStep: Int
  public let timedSteps: Int
  public let parameterCount: Int
}

/// The `bench` command's work: times Adam training steps and embedding on synthetic images.
public enum EngineBenchmark {
  /// Runs the benchmark. Each batch kind gets one untimed warm-up step, then `steps` timed
  /// ones; embedding is timed over `embeddingImages` images in batches of 64 after a warm-up
  /// batch. Pixels are uniform in [0, 1) from `seed`, so runs do the same work.
  ///
  /// - Parameters:
  ///   - threads: BLAS and worker threads; nil keeps OpenBLAS's default.
  ///   - progress: called with one line per phase, for a person watching.
  public static func run(
    configuration: TowerConfiguration = .koch(), threads: Int? = nil, steps: Int = 3,
    embeddingImages: Int = 256, seed: UInt64 = 1, progress: (String) -> Void = { _ in }
  ) -> BenchmarkResult {
    precondition(steps >= 1 && embeddingImages >= 1, "steps and embeddingImages must be >= 1")
    let loadAverage = currentLoadAverage()
    let info = BLASRuntime.configure(threads: threads)
    var network = SiameseNetwork(configuration: configuration, seed: seed)
    var generator = SplitMix64(seed: seed &+ 1)
    let side = configuration.inputSize
    func images(_ count: Int) -> Tensor {
      let shape = [count, side, side, configuration.channels]
      let values = (0..<shape.reduce(1, *)).map { _ in generator.nextFloat(in: 0, 1) }
      return Tensor(shape: shape, scalars: values)
    }
    let pairCount = 30
    let labels = (0..<pairCount).map { Float($0 % 2) }

    // 10-shot: every image takes part in two pairs, as when 60 slots draw from 30 images.
    let fewShotImages = images(30)
    let fewShotPairs = (0..<pairCount).map { ($0, ($0 + 1 + $0 % 7) % 30) }
    let distinctImages = images(2 * pairCount)
    let distinctPairs = (0..<pairCount).map { (2 * $0, 2 * $0 + 1) }

    progress("bench: plain SGEMM 1024×1024×1024")
    let plainSGEMM = plainSGEMMRate(size: 1024, repeats: 6, generator: &generator)

    var optimizer = Adam()
    func time(_ label: String, _ batch: Tensor, _ pairs: [(Int, Int)]) -> (
      best: Double, mean: Double, cpu: Double
    ) {
      progress("bench: \(label): warm-up step")
      network.trainStep(images: batch, pairs: pairs, labels: labels, optimizer: &optimizer)
      var durations: [Double] = []
      let cpuStart = processCPUSeconds()
      for step in 1...steps {
        let start = DispatchTime.now().uptimeNanoseconds
        network.trainStep(images: batch, pairs: pairs, labels: labels, optimizer: &optimizer)
        durations.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        progress(
          "bench: \(label): step \(step)/\(steps) \(String(format: "%.3f", durations.last!)) s")
      }
      let cpu = (processCPUSeconds() - cpuStart) / Double(steps)
      return (durations.min()!, durations.reduce(0, +) / Double(durations.count), cpu)
    }
    let fewShot = time("10-shot batch (30 images)", fewShotImages, fewShotPairs)
    let distinct = time("distinct batch (60 images)", distinctImages, distinctPairs)

    progress("bench: embedding \(embeddingImages) images")
    let embedBatch = images(embeddingImages)
    _ = network.embed(embedBatch.items(0..<min(64, embeddingImages)))
    let start = DispatchTime.now().uptimeNanoseconds
    let embedCPUStart = processCPUSeconds()
    _ = network.embed(embedBatch, batchSize: 64)
    let embedCPU = processCPUSeconds() - embedCPUStart
    let embedSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9

    let perImage = Double(network.trainingFLOPsPerImage)
    return BenchmarkResult(
      pairsPerSecond10Shot: Double(pairCount) / fewShot.best,
      pairsPerSecondDistinct: Double(pairCount) / distinct.best,
      embeddingsPerSecond: Double(embeddingImages) / embedSeconds,
      peakRSSBytes: peakResidentBytes(), blasCore: info.core, detectedBLASCore: info.detectedCore,
      threads: info.threads, secondsPerStep10Shot: fewShot.best,
      secondsPerStepDistinct: distinct.best, meanSecondsPerStep10Shot: fewShot.mean,
      meanSecondsPerStepDistinct: distinct.mean,
      gflopsPerSecond10Shot: 30 * perImage / fewShot.best / 1e9,
      gflopsPerSecondDistinct: 60 * perImage / distinct.best / 1e9,
      gflopsPerSecondEmbedding: Double(embeddingImages * network.embeddingFLOPs) / embedSeconds
        / 1e9,
      cpuSecondsPerStep10Shot: fewShot.cpu, cpuSecondsPerStepDistinct: distinct.cpu,
      cpuSecondsEmbedding: embedCPU, loadAverageAtStart: loadAverage,
      gflopsPerSecondPlainSGEMM: plainSGEMM, pairsPerStep: pairCount,
      timedSteps: steps, parameterCount: network.parameterCount)
  }

  /// Best GFLOP/s of `repeats` products of two `size×size` matrices, after one warm-up, on the
  /// configured BLAS core and threads (2·size³ FLOP per product).
  static func plainSGEMMRate(
    size: Int, repeats: Int, generator: inout SplitMix64
  ) -> Double {
    let a = (0..<size * size).map { _ in generator.nextFloat(in: -1, 1) }
    let b = (0..<size * size).map { _ in generator.nextFloat(in: -1, 1) }
    var c = [Float](repeating: 0, count: size * size)
    var best = Double.infinity
    for attempt in 0...repeats {
      let start = DispatchTime.now().uptimeNanoseconds
      c.withUnsafeMutableBufferPointer { out in
        Kernels.gemm(
          m: size, n: size, k: size, a: a, b: b, beta: 0, c: out.baseAddress!)
      }
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      if attempt > 0 { best = min(best, seconds) }
    }
    return 2 * pow(Double(size), 3) / best / 1e9
  }

  /// User plus system CPU seconds this process has used so far (all threads).
  static func processCPUSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
      getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
      getrusage(RUSAGE_SELF, &usage)
    #endif
    func seconds(_ time: timeval) -> Double {
      Double(time.tv_sec) + Double(time.tv_usec) / 1e6
    }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }

  /// The 1-minute load average from /proc/loadavg, or -1 where it is not available.
  static func currentLoadAverage() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
      let first = text.split(separator: " ").first, let value = Double(first)
    else { return -1 }
    return value
  }

  /// Peak resident set size of this process in bytes (`getrusage`; Linux reports KiB, macOS
  /// bytes).
  public static func peakResidentBytes() -> Int {
    var usage = rusage()
    #if os(Linux)
      getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
      return usage.ru_maxrss * 1024
    #else
      getrusage(RUSAGE_SELF, &usage)
      return usage.ru_maxrss
    #endif
  }
}
