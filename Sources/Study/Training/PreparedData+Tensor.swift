import SiameseEngine

extension PreparedData {
  /// The preprocessed pixels of `images`, in that order, as an NHWC tensor
  /// [images.count, size, size, channels].
  func tensor(of images: [Int]) -> Tensor {
    var scalars: [Float] = []
    scalars.reserveCapacity(images.count * imageLength)
    for image in images { scalars += pixels(of: image) }
    return Tensor(shape: [images.count, size, size, channels], scalars: scalars)
  }
}

extension Tensor {
  /// The items (first-axis slices) at `indices`, in that order.
  func gathering(_ indices: [Int]) -> Tensor {
    let itemSize = shape.dropFirst().reduce(1, *)
    var result: [Float] = []
    result.reserveCapacity(indices.count * itemSize)
    for index in indices {
      result += scalars[(index * itemSize)..<((index + 1) * itemSize)]
    }
    return Tensor(shape: [indices.count] + shape.dropFirst(), scalars: result)
  }
}
