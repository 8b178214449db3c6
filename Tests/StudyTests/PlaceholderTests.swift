import Testing

@Test func StudyBuilds() {
  #expect(Bool(true))
}
