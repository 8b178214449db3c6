import Evaluation
import Foundation
import Testing

/// Runs `Reference/pca_reference.py` (numpy's SVD) on the same matrix as the Swift PCA.
enum NumpyReference {
  static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Reference/pca_reference.py")

  /// Whether `python3` runs and can import numpy; the reference tests are skipped otherwise.
  static let isAvailable: Bool = (try? run(["-c", "import numpy"])) != nil

  struct Output: Decodable {
    let mean: [Double]
    let components: [[Double]]
    let ratios: [Double]
  }

  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// Runs python3 with `arguments` and returns its standard output; throws on a non-zero exit.
  static func run(_ arguments: [String]) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Read before waiting so a large output cannot fill the pipe and block the child.
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw Failure(
        description: "python3 \(arguments.joined(separator: " ")) exited with "
          + "\(process.terminationStatus): \(String(decoding: message, as: UTF8.self))")
    }
    return data
  }

  /// Writes the matrix as text (each Float printed as the Double of the same value, which
  /// round-trips exactly) and returns numpy's PCA of it.
  static func pca(rows: [Float], dimension: Int, components: Int) throws -> Output {
    let n = rows.count / dimension
    var text = "\(n) \(dimension) \(components)\n"
    for i in 0..<n {
      let row = rows[(i * dimension)..<((i + 1) * dimension)]
      text += row.map { Double($0).description }.joined(separator: " ") + "\n"
    }
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("pca-reference-\(UUID().uuidString).txt")
    try text.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let json = try run([script.path, file.path])
    return try JSONDecoder().decode(Output.self, from: json)
  }
}

@Suite struct PrincipalComponentsReferenceTests {
  @Test(
    .enabled(
      if: NumpyReference.isAvailable, "python3 with numpy is not installed (pip install numpy)"),
    arguments: [(40, 7, 2), (12, 300, 2), (150, 96, 3)])
  func matchesNumpySVD(n: Int, d: Int, k: Int) throws {
    let rows = PrincipalComponentsTests.randomRows(n: n, d: d, seed: UInt64(7 * n + d))
    let pca = PrincipalComponents(rows: rows, dimension: d, components: k)
    let reference = try NumpyReference.pca(rows: rows, dimension: d, components: k)
    try #require(reference.components.count == k && reference.ratios.count == k)
    #expect(pca.converged)

    for t in 0..<d { #expect(abs(pca.mean[t] - reference.mean[t]) < 1e-12) }
    for j in 0..<k {
      let ours = pca.components[j]
      let sign = zip(ours, reference.components[j]).map(*).reduce(0, +) < 0 ? -1.0 : 1.0
      // Unit vectors, so the largest coordinate error is relative to the vector's length.
      let error = zip(ours, reference.components[j]).map { abs($0 - sign * $1) }.max() ?? 0
      #expect(error < 1e-6, "component \(j): largest coordinate error \(error)")
      let ratioError = abs(pca.explainedVarianceRatio[j] - reference.ratios[j])
      #expect(ratioError < 1e-6 * reference.ratios[j], "ratio \(j): error \(ratioError)")
    }
  }
}
