/// A dense float32 tensor with an explicit shape.
///
/// Memory layout is row-major (C order): the last axis varies fastest. Images are NHWC,
/// `[batch, height, width, channels]`; convolution kernels are HWIO,
/// `[kernelHeight, kernelWidth, inputChannels, outputChannels]`; dense kernels are
/// `[inputs, outputs]`. These are the layouts Keras uses, so weights map one to one.
public struct Tensor: Sendable, Equatable {
  /// The extent of each axis. The product of the extents equals `scalars.count`.
  public var shape: [Int]
  /// The values in row-major order.
  public var scalars: [Float]

  /// Wraps `scalars` with `shape`; the counts must agree (a programmer error otherwise).
  public init(shape: [Int], scalars: [Float]) {
    precondition(
      shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == scalars.count,
      "Tensor shape \(shape) holds \(shape.reduce(1, *)) values but \(scalars.count) were given")
    self.shape = shape
    self.scalars = scalars
  }

  /// A tensor of `shape` filled with `value` (zero by default).
  public init(shape: [Int], repeating value: Float = 0) {
    self.init(shape: shape, scalars: [Float](repeating: value, count: shape.reduce(1, *)))
  }

  /// The number of scalars (the product of the shape).
  public var count: Int { scalars.count }

  /// The number of axes.
  public var rank: Int { shape.count }

  /// The scalars of item `index` along the first axis (for a batch, one image or embedding).
  public func item(_ index: Int) -> ArraySlice<Float> {
    precondition(rank >= 1 && index >= 0 && index < shape[0], "item \(index) of shape \(shape)")
    let size = count / shape[0]
    return scalars[(index * size)..<((index + 1) * size)]
  }

  /// The items `range` along the first axis as a new tensor.
  public func items(_ range: Range<Int>) -> Tensor {
    precondition(
      rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0],
      "items \(range) of shape \(shape)")
    let size = count / max(shape[0], 1)
    var newShape = shape
    newShape[0] = range.count
    return Tensor(
      shape: newShape,
      scalars: Array(scalars[(range.lowerBound * size)..<(range.upperBound * size)]))
  }
}
