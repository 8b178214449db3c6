import Testing

@Test func phantomsBuilds() {
  #expect(Bool(true))
}
