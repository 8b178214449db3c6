import Foundation

extension SiameseNetwork {
  /// Saves every parameter as float32 safetensors, named as in `parameterNames`, with the
  /// configuration as JSON under the metadata key "configuration".
  public func save(to url: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let configurationJSON = String(decoding: try encoder.encode(configuration), as: UTF8.self)
    try Safetensors.write(
      Array(zip(parameterNames, parameters)).map { (name: $0.0, tensor: $0.1) },
      metadata: ["format": "siamese-report", "configuration": configurationJSON], to: url)
  }

  /// Loads a network of `configuration` from a safetensors file written by `save(to:)` (or by
  /// any tool using the same names and shapes).
  ///
  /// - Throws: `SafetensorsError` naming the file and the tensor when a tensor is missing,
  ///   unexpected, of another dtype or of another shape (both shapes are given).
  public static func load(
    from url: URL, configuration: TowerConfiguration
  ) throws -> SiameseNetwork {
    var network = SiameseNetwork(configuration: configuration, seed: 0)
    let file = try Safetensors.read(from: url)
    let byName = Dictionary(file.tensors.map { ($0.name, $0.tensor) }) { first, _ in first }
    for name in file.tensors.map(\.name) where !network.parameterNames.contains(name) {
      throw SafetensorsError.unexpectedTensor(path: url.path, name: name)
    }
    for (index, name) in network.parameterNames.enumerated() {
      guard let tensor = byName[name] else {
        throw SafetensorsError.missingTensor(path: url.path, name: name)
      }
      let expected = network.parameters[index].shape
      guard tensor.shape == expected else {
        throw SafetensorsError.shapeMismatch(
          path: url.path, name: name, expected: expected, found: tensor.shape)
      }
      network.parameters[index] = tensor
    }
    return network
  }
}
