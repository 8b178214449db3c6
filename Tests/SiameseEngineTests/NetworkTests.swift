import Foundation
import SiameseEngine
import Testing

@Suite struct NetworkTests {
  @Test func kochTowerHasTheReferenceParameterCountAndShapes() {
    let network = SiameseNetwork(configuration: .koch(), seed: 1)
    #expect(network.parameterCount == 33_973_057)
    let summary = network.layerSummary()
    #expect(
      summary.map(\.name) == [
        "conv1", "pool1", "conv2", "pool2", "conv3", "pool3", "conv4", "flatten", "dense", "head",
      ])
    #expect(
      summary.map(\.outputShape) == [
        [91, 91, 64], [45, 45, 64], [39, 39, 128], [19, 19, 128], [16, 16, 128], [8, 8, 128],
        [5, 5, 256], [6400], [5120], [1],
      ])
    #expect(summary.reduce(0) { $0 + $1.parameters } == 33_973_057)
    // conv2: 2 · 39² output pixels · (7·7·64) taps · 128 filters.
    #expect(summary[2].forwardFLOPs == 2 * 39 * 39 * 3136 * 128)
  }

  @Test func configurationsThatLeaveNoPixelsAreRejected() throws {
    try TowerConfiguration.koch().validate()
    let tooSmall = TowerConfiguration.koch(inputSize: 40)
    let error = try #require(throws: TowerConfigurationError.self) { try tooSmall.validate() }
    #expect(
      error.description
        == "invalid tower configuration: the convolutions [\"64@10\", \"128@7\", \"128@4\", "
        + "\"256@4\"] shrink a 40×40 input to nothing; use a larger input or smaller kernels")
  }

  @Test func configurationRoundTripsThroughJSON() throws {
    let data = try JSONEncoder().encode(TowerConfiguration.koch())
    #expect(try JSONDecoder().decode(TowerConfiguration.self, from: data) == .koch())
  }

  @Test func blasRunsTheCoreThisCPUSupports() {
    let info = BLASRuntime.configure()
    let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let avx512 = ["avx512f", "avx512bw", "avx512vl"].allSatisfy {
      flags.range(of: " \($0) ") != nil || flags.range(of: " \($0)\n") != nil
    }
    print("BLAS core \(info.core) (OpenBLAS chose \(info.detectedCore)), \(info.threads) threads")
    #expect(info.threads >= 1)
    if avx512 {
      #expect(info.core == "SkylakeX")
    } else {
      print("SKIPPED SkylakeX check: this CPU does not report AVX-512 F/BW/VL")
    }
  }

  /// Not a timed test: runs the benchmark on a tiny tower and checks that the JSON carries the
  /// keys the `bench --json` contract names, with values a measurement can have.
  @Test func benchmarkJSONCarriesTheDocumentedKeys() throws {
    let original = BLASRuntime.threads
    defer { BLASRuntime.configure(threads: original) }
    let result = EngineBenchmark.run(
      configuration: .small(inputSize: 16), threads: 1, steps: 1, embeddingImages: 8)
    let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result))
    let object = try #require(json as? [String: Any])
    for key in [
      "pairsPerSecond10Shot", "pairsPerSecondDistinct", "embeddingsPerSecond", "peakRSSBytes",
      "blasCore", "threads", "gflopsPerSecondPlainSGEMM",
    ] {
      #expect(object[key] != nil, "missing \(key)")
    }
    #expect(result.threads == 1)
    #expect(result.pairsPerSecond10Shot > 0 && result.embeddingsPerSecond > 0)
    #expect(result.gflopsPerSecondPlainSGEMM > 0 && result.peakRSSBytes > 0)
  }
}
