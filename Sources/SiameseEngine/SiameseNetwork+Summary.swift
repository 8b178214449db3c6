/// One row of the network summary in the report.
public struct LayerSummary: Sendable, Codable, Equatable {
  /// Short name, matching the parameter names where the layer has parameters ("conv1").
  public let name: String
  /// What the layer does, e.g. "Conv2D 64@10×10, ReLU".
  public let kind: String
  /// Output shape for one image (one pair for the head), without the batch axis.
  public let outputShape: [Int]
  /// Trainable scalars.
  public let parameters: Int
  /// Floating-point operations of the forward pass for one image (a multiply-add counts 2;
  /// comparisons and activations are not counted).
  public let forwardFLOPs: Int
}

extension SiameseNetwork {
  /// The tower layer by layer, then the head, for the report's architecture table.
  public func layerSummary() -> [LayerSummary] {
    var rows: [LayerSummary] = []
    for (index, g) in geometries.enumerated() {
      let spec = configuration.convolutions[index]
      rows.append(
        LayerSummary(
          name: "conv\(index + 1)",
          kind: "Conv2D \(spec.filters)@\(spec.kernelSize)×\(spec.kernelSize), ReLU",
          outputShape: [g.outputHeight, g.outputWidth, g.outputChannels],
          parameters: parameters[2 * index].count + parameters[2 * index + 1].count,
          forwardFLOPs: 2 * g.outputPixels * g.patchSize * g.outputChannels))
      if spec.poolAfter {
        rows.append(
          LayerSummary(
            name: "pool\(index + 1)", kind: "MaxPool 2×2",
            outputShape: [g.outputHeight / 2, g.outputWidth / 2, g.outputChannels],
            parameters: 0, forwardFLOPs: 0))
      }
    }
    let flat = configuration.flattenedSize
    let size = configuration.embeddingSize
    rows.append(
      LayerSummary(
        name: "flatten", kind: "Flatten", outputShape: [flat], parameters: 0, forwardFLOPs: 0))
    rows.append(
      LayerSummary(
        name: "dense", kind: "Dense \(size), sigmoid", outputShape: [size],
        parameters: flat * size + size, forwardFLOPs: 2 * flat * size))
    rows.append(
      LayerSummary(
        name: "head", kind: "sigmoid(w · |e1 − e2| + b)", outputShape: [1],
        parameters: size + 1, forwardFLOPs: 3 * size))
    return rows
  }

  /// Matrix-product FLOPs of embedding one image (forward only).
  var embeddingFLOPs: Int {
    let flat = configuration.flattenedSize
    return geometries.reduce(2 * flat * configuration.embeddingSize) {
      $0 + 2 * $1.outputPixels * $1.patchSize * $1.outputChannels
    }
  }

  /// Matrix-product FLOPs of one training step per distinct image: the forward pass, the
  /// kernel gradients, and the input gradients of every layer but the first.
  var trainingFLOPsPerImage: Int {
    let first = geometries.first.map { 2 * $0.outputPixels * $0.patchSize * $0.outputChannels }
    return 3 * embeddingFLOPs - (first ?? 0)
  }
}
