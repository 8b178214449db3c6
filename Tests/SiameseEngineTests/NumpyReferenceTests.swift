import Foundation
import SiameseEngine
import Testing

/// Agreement with an independent numpy implementation (Reference/siamese_reference.py), which
/// computes the same quantities in float64 by direct formulas from the same safetensors files.
@Suite struct NumpyReferenceTests {
  static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Reference/siamese_reference.py")

  /// Float32 against float64 on a small tower: every tensor agrees to 1e-4 norm-wise relative
  /// error (observed errors are around 1e-6).
  @Test func forwardPassAndGradientsAgreeWithNumpy() throws {
    let python: String
    switch pythonWithNumpy {
    case .success(let path):
      python = path
    case .failure(let unavailable):
      print("SKIPPED numpy reference comparison: \(unavailable.reason)")
      return
    }

    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let network = SiameseNetwork(configuration: checkConfiguration, seed: 11)
    let images = randomTensor([5, 16, 16, 2], seed: 12, in: 0...1)
    let weights = directory.appendingPathComponent("weights.safetensors")
    let batch = directory.appendingPathComponent("batch.safetensors")
    let output = directory.appendingPathComponent("reference.safetensors")
    try network.save(to: weights)
    try Safetensors.write(
      [
        ("images", images),
        (
          "pairs",
          Tensor(
            shape: [checkPairs.count, 2],
            scalars: checkPairs.flatMap { [Float($0.0), Float($0.1)] })
        ),
        ("labels", Tensor(shape: [checkLabels.count], scalars: checkLabels)),
      ], to: batch)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [Self.script.path, weights.path, batch.path, output.path]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    process.waitUntilExit()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    try #require(process.terminationStatus == 0, "reference script failed: \(message)")

    let reference = Dictionary(
      uniqueKeysWithValues: try Safetensors.read(from: output).tensors.map { ($0.name, $0.tensor) })
    let embeddings = network.embed(images)
    let logits = checkPairs.map {
      network.similarityLogit(embeddings.item($0.0), embeddings.item($0.1))
    }
    let (loss, gradients) = network.lossAndGradients(
      images: images, pairs: checkPairs, labels: checkLabels)

    let expectedEmbeddings = try #require(reference["embeddings"])
    #expect(expectedEmbeddings.shape == embeddings.shape)
    #expect(relativeError(embeddings.scalars, expectedEmbeddings.scalars) < 1e-4)
    #expect(relativeError(logits, try #require(reference["logits"]).scalars) < 1e-4)
    #expect(relativeError([loss], try #require(reference["loss"]).scalars) < 1e-4)
    for (index, name) in network.parameterNames.enumerated() {
      let expected = try #require(reference["grad." + name], "numpy gave no gradient for \(name)")
      #expect(expected.shape == gradients[index].shape, "\(name) shape")
      let error = relativeError(gradients[index].scalars, expected.scalars)
      #expect(error < 1e-4, "\(name): relative error \(error) against numpy")
    }
  }
}
