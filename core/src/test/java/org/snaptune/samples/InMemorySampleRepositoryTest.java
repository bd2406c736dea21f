package org.snaptune.samples;

public class InMemorySampleRepositoryTest extends SampleRepositoryContractTest {

  @Override
  protected SampleRepository newRepository(int embeddingSize) {
    return new InMemorySampleRepository(embeddingSize);
  }
}
