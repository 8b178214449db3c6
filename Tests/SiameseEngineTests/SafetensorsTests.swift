import Foundation
import SiameseEngine
import Testing

@Suite struct SafetensorsTests {
  @Test func networkRoundTripsExactly() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("net.safetensors")
    let network = SiameseNetwork(configuration: checkConfiguration, seed: 3)
    try network.save(to: url)
    let loaded = try SiameseNetwork.load(from: url, configuration: checkConfiguration)
    #expect(loaded.parameters == network.parameters)
    #expect(loaded.parameterNames == network.parameterNames)

    // Saving is deterministic: the same weights give the same bytes.
    let again = directory.appendingPathComponent("again.safetensors")
    try loaded.save(to: again)
    #expect(try Data(contentsOf: url) == Data(contentsOf: again))
  }

  @Test func fileLayoutFollowsTheFormat() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("t.safetensors")
    try Safetensors.write(
      [
        ("b", Tensor(shape: [2], scalars: [1, -2])), ("a", Tensor(shape: [1, 1], scalars: [0.5])),
      ],
      to: url)
    let data = try Data(contentsOf: url)
    let length = Int(data[0]) | Int(data[1]) << 8
    #expect(data.count == 8 + length + 12)
    #expect((8 + length) % 8 == 0)
    let header = String(decoding: data[8..<(8 + length)], as: UTF8.self)
    #expect(
      header.hasPrefix(
        #"{"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
          + #""a":{"dtype":"F32","shape":[1,1],"data_offsets":[8,12]}}"#))
    // Little-endian float32 1.0 is 00 00 80 3F.
    #expect(Array(data[(8 + length)..<(8 + length + 4)]) == [0, 0, 0x80, 0x3F])
    let read = try Safetensors.read(from: url)
    #expect(read.tensors.map(\.name) == ["b", "a"])
    #expect(read.tensors[1].tensor == Tensor(shape: [1, 1], scalars: [0.5]))
  }

  @Test func wrongShapeNamesTheTensorAndBothShapes() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("net.safetensors")
    try SiameseNetwork(configuration: .small(), seed: 1).save(to: url)
    var wider = TowerConfiguration.small()
    wider.convolutions[0].filters = 5
    let error = try #require(throws: SafetensorsError.self) {
      try SiameseNetwork.load(from: url, configuration: wider)
    }
    #expect(
      error
        == .shapeMismatch(
          path: url.path, name: "conv1.kernel", expected: [3, 3, 1, 5], found: [3, 3, 1, 4]))
    #expect(
      error.description
        == "\(url.path): tensor 'conv1.kernel' has shape [3, 3, 1, 4] in the file, but the "
        + "network expects [3, 3, 1, 5]")
  }

  @Test func missingAndUnexpectedNamesAreReported() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let network = SiameseNetwork(configuration: .small(), seed: 1)
    var tensors = zip(network.parameterNames, network.parameters).map { (name: $0, tensor: $1) }

    let missing = directory.appendingPathComponent("missing.safetensors")
    try Safetensors.write(Array(tensors.dropLast()), to: missing)
    let missingError = try #require(throws: SafetensorsError.self) {
      try SiameseNetwork.load(from: missing, configuration: .small())
    }
    #expect(missingError == .missingTensor(path: missing.path, name: "head.bias"))
    #expect(missingError.description.contains("tensor 'head.bias' is missing"))

    tensors[0].name = "convolution1.kernel"
    let renamed = directory.appendingPathComponent("renamed.safetensors")
    try Safetensors.write(tensors, to: renamed)
    let renamedError = try #require(throws: SafetensorsError.self) {
      try SiameseNetwork.load(from: renamed, configuration: .small())
    }
    #expect(renamedError == .unexpectedTensor(path: renamed.path, name: "convolution1.kernel"))
    #expect(
      renamedError.description
        == "\(renamed.path): tensor 'convolution1.kernel' is not part of this network configuration"
    )
  }

  @Test func truncatedAndMissingFilesAreErrors() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("short.safetensors")
    try Data([0xFF, 0, 0, 0, 0, 0, 0, 0, 0x7B]).write(to: url)
    #expect(
      throws: SafetensorsError.malformed(
        path: url.path, reason: "header length 255 exceeds the file size 9")
    ) {
      try Safetensors.read(from: url)
    }
    let absent = directory.appendingPathComponent("absent.safetensors")
    let error = try #require(throws: SafetensorsError.self) { try Safetensors.read(from: absent) }
    guard case .unreadable(let path, _) = error else {
      Issue.record("expected .unreadable, got \(error)")
      return
    }
    #expect(path == absent.path)
  }
}
