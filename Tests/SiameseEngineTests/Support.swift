import Foundation
import SiameseEngine

/// Deterministic test data.
func randomTensor(
  _ shape: [Int], seed: UInt64, in range: ClosedRange<Float> = -1...1
) -> Tensor {
  var generator = SplitMix64(seed: seed)
  let values = (0..<shape.reduce(1, *)).map { _ in
    generator.nextFloat(in: range.lowerBound, range.upperBound)
  }
  return Tensor(shape: shape, scalars: values)
}

/// `‖a − b‖ / max(‖b‖, floor)`, in Double: the norm-wise relative error of `a` against `b`.
func relativeError(_ a: [Float], _ b: [Float], floor: Double = 1e-12) -> Double {
  precondition(a.count == b.count, "compared arrays differ in length")
  var difference = 0.0
  var reference = 0.0
  for (x, y) in zip(a, b) {
    difference += (Double(x) - Double(y)) * (Double(x) - Double(y))
    reference += Double(y) * Double(y)
  }
  return difference.squareRoot() / max(reference.squareRoot(), floor)
}

/// `Σ weights ⊙ values` in Double: turns a tensor output into a scalar for gradient checks.
func weightedSum(_ values: [Float], _ weights: [Float]) -> Double {
  zip(values, weights).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
}

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("siamese-engine-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// The Python interpreter the reference tests use, when it exists and has numpy; otherwise
/// the reason it is unusable (printed by the skipped tests).
let pythonWithNumpy: Result<String, PythonUnavailable> = {
  let candidates = ["/usr/bin/python3", "/usr/local/bin/python3", "/opt/homebrew/bin/python3"]
  guard let python = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
    return .failure(PythonUnavailable(reason: "python3 was not found in \(candidates)"))
  }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: python)
  process.arguments = ["-c", "import numpy"]
  process.standardError = FileHandle.nullDevice
  do {
    try process.run()
    process.waitUntilExit()
  } catch {
    return .failure(PythonUnavailable(reason: "\(python) could not be started: \(error)"))
  }
  guard process.terminationStatus == 0 else {
    return .failure(PythonUnavailable(reason: "\(python) cannot import numpy"))
  }
  return .success(python)
}()

struct PythonUnavailable: Error {
  let reason: String
}

/// A tiny two-class problem: class 0 images are bright in their left half, class 1 in their
/// right half, with uniform noise; `perClass` images of each class.
func separableImages(size: Int, perClass: Int, seed: UInt64) -> (images: Tensor, classes: [Int]) {
  var generator = SplitMix64(seed: seed)
  var values: [Float] = []
  var classes: [Int] = []
  for index in 0..<(2 * perClass) {
    let label = index % 2
    classes.append(label)
    for _ in 0..<size {
      for x in 0..<size {
        let bright = (x < size / 2) == (label == 0)
        values.append((bright ? 0.7 : 0.1) + generator.nextFloat(in: 0, 0.3))
      }
    }
  }
  return (Tensor(shape: [2 * perClass, size, size, 1], scalars: values), classes)
}
