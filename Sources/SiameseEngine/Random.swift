import Randomness

/// Glorot-uniform values (the Keras default kernel initialiser): uniform on `[-limit, limit)`
/// with `limit = sqrt(6 / (fanIn + fanOut))`.
func glorotUniform(
  count: Int, fanIn: Int, fanOut: Int, generator: inout SplitMix64
) -> [Float] {
  let limit = (6.0 / Float(fanIn + fanOut)).squareRoot()
  return (0..<count).map { _ in generator.nextFloat(in: -limit, limit) }
}
