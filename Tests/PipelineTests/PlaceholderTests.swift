import Testing

@Test func PipelineBuilds() {
  #expect(Bool(true))
}
