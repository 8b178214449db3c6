import Randomness

/// A Siamese network: one shared tower embeds both images, and a head scores the pair with
/// `p = sigmoid(w · |e1 − e2| + b)`.
///
/// Parameters live in `parameters`, in the order given by `parameterNames`:
/// `conv1.kernel` (HWIO), `conv1.bias`, …, `dense.kernel` (`[flattened, embeddingSize]`),
/// `dense.bias`, `head.kernel` (`[embeddingSize, 1]`), `head.bias` (`[1]`).
///
/// The network is a value type: copies share storage until one of them is changed.
///
/// Training is reproducible: the same seed, batches and learning rate give bit-identical
/// weights. Convolution work is split into image tasks whose number does not depend on the
/// thread count, and partial sums are added in task order, so the thread count does not change
/// the result either (checked for 1 and 2 threads, on the Koch tower and in the tests).
public struct SiameseNetwork: Sendable {
  /// The tower this network was built for.
  public let configuration: TowerConfiguration
  /// Weights and biases, named by `parameterNames`. Replacing a tensor with one of a different
  /// shape is a programmer error caught by the next pass.
  public var parameters: [Tensor]
  /// Names of `parameters`, as stored in safetensors files.
  public let parameterNames: [String]
  let geometries: [ConvolutionGeometry]

  /// Builds a network with Keras's default initialisation: Glorot-uniform kernels
  /// (`U(±sqrt(6 / (fanIn + fanOut)))`, with fans multiplied by the kernel area for
  /// convolutions) and zero biases, drawn layer by layer from `SplitMix64(seed:)`.
  ///
  /// A configuration whose layers shrink the image to nothing is a programmer error.
  public init(configuration: TowerConfiguration, seed: UInt64) {
    guard let geometries = configuration.geometries() else {
      preconditionFailure("Tower configuration leaves no pixels: \(configuration)")
    }
    precondition(configuration.embeddingSize >= 1, "embeddingSize must be at least 1")
    self.configuration = configuration
    self.geometries = geometries

    var generator = SplitMix64(seed: seed)
    var names: [String] = []
    var tensors: [Tensor] = []
    for (index, g) in geometries.enumerated() {
      let area = g.kernelHeight * g.kernelWidth
      let shape = [g.kernelHeight, g.kernelWidth, g.inputChannels, g.outputChannels]
      tensors.append(
        Tensor(
          shape: shape,
          scalars: glorotUniform(
            count: shape.reduce(1, *), fanIn: area * g.inputChannels,
            fanOut: area * g.outputChannels, generator: &generator)))
      tensors.append(Tensor(shape: [g.outputChannels]))
      names += ["conv\(index + 1).kernel", "conv\(index + 1).bias"]
    }

    let flat = configuration.flattenedSize
    let size = configuration.embeddingSize
    tensors.append(
      Tensor(
        shape: [flat, size],
        scalars: glorotUniform(
          count: flat * size, fanIn: flat, fanOut: size, generator: &generator)))
    tensors.append(Tensor(shape: [size]))
    tensors.append(
      Tensor(
        shape: [size, 1],
        scalars: glorotUniform(count: size, fanIn: size, fanOut: 1, generator: &generator)))
    tensors.append(Tensor(shape: [1]))
    names += ["dense.kernel", "dense.bias", "head.kernel", "head.bias"]
    parameters = tensors
    parameterNames = names
  }

  /// Total number of trainable scalars, head included.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

  /// Index of the dense kernel in `parameters`; the head follows the dense bias.
  var denseIndex: Int { 2 * geometries.count }
  var headIndex: Int { denseIndex + 2 }

  /// The L2 coefficient of each parameter tensor (0 for biases and the head).
  var l2Coefficients: [Float] {
    var result: [Float] = []
    for spec in configuration.convolutions { result += [spec.l2, 0] }
    return result + [configuration.denseL2, 0, 0, 0]
  }

  /// The L2 penalty Σ_layers λ·Σ kernel², accumulated in Double. The training objective is the
  /// mean binary cross-entropy plus this value.
  public func l2Penalty() -> Float {
    var total = 0.0
    for (tensor, lambda) in zip(parameters, l2Coefficients) where lambda != 0 {
      var sum = 0.0
      for value in tensor.scalars { sum += Double(value) * Double(value) }
      total += Double(lambda) * sum
    }
    return Float(total)
  }

  /// The head's logit `w · |e1 − e2| + b` for two embeddings of `embeddingSize` values
  /// (accumulated in Double). The similarity probability is `sigmoid` of it.
  public func similarityLogit(_ e1: ArraySlice<Float>, _ e2: ArraySlice<Float>) -> Float {
    precondition(
      e1.count == configuration.embeddingSize && e2.count == configuration.embeddingSize,
      "embeddings must have \(configuration.embeddingSize) values, got \(e1.count), \(e2.count)")
    let w = parameters[headIndex].scalars
    var sum = Double(parameters[headIndex + 1].scalars[0])
    for (k, (a, b)) in zip(e1, e2).enumerated() { sum += Double(w[k]) * Double(abs(a - b)) }
    return Float(sum)
  }

  /// `similarityLogit` for whole arrays.
  public func similarityLogit(_ e1: [Float], _ e2: [Float]) -> Float {
    similarityLogit(e1[...], e2[...])
  }

  /// The similarity probability `sigmoid(similarityLogit(e1, e2))`, in (0, 1).
  public func similarity(_ e1: ArraySlice<Float>, _ e2: ArraySlice<Float>) -> Float {
    Activation.sigmoid(similarityLogit(e1, e2))
  }
}
