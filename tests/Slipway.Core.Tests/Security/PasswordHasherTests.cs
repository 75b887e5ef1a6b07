using Slipway.Core.Security;
using Xunit;

namespace Slipway.Core.Tests.Security;

public sealed class PasswordHasherTests
{
    [Fact]
    public void A_hash_verifies_its_password_and_no_other()
    {
        var stored = PasswordHasher.Hash("correct horse battery staple");

        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", stored, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("correct horse battery staple", stored));
        Assert.False(PasswordHasher.Verify("correct horse battery stapler", stored));
        Assert.False(PasswordHasher.Verify("", stored));
        Assert.False(PasswordHasher.NeedsRehash(stored));
    }

    [Fact]
    public void The_same_password_hashes_differently_each_time()
    {
        Assert.NotEqual(PasswordHasher.Hash("pässwörd ✓"), PasswordHasher.Hash("pässwörd ✓"));
        Assert.True(PasswordHasher.Verify("pässwörd ✓", PasswordHasher.Hash("pässwörd ✓")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("$2b$12$abcdefghijklmnopqrstuuJ7oGmXv1lS0mYvG6u8zXyqgH2a3jWqK")]
    [InlineData("$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=19$m=999999999,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=19$m=19456,t=2$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$not base64!$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA")]
    public void A_damaged_or_foreign_hash_never_verifies(string stored)
    {
        Assert.False(PasswordHasher.Verify("password", stored));
        Assert.True(PasswordHasher.NeedsRehash(stored));
    }

    [Fact]
    public void An_empty_password_cannot_be_hashed()
    {
        Assert.Throws<ArgumentException>(() => PasswordHasher.Hash(""));
    }

    [Fact]
    public void A_tampered_hash_does_not_verify()
    {
        var stored = PasswordHasher.Hash("secret");
        var tampered = stored[..^2] + (stored[^2] == 'A' ? "B" : "A") + stored[^1];

        Assert.False(PasswordHasher.Verify("secret", tampered));
    }

    [Fact]
    public void Hashes_made_with_weaker_parameters_still_verify_and_ask_for_a_rehash()
    {
        var weak = PasswordHasher.Hash("secret", new Argon2Parameters(MemoryKiB: 1024, Iterations: 1, Parallelism: 1));

        Assert.Contains("$m=1024,t=1,p=1$", weak, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("secret", weak));
        Assert.True(PasswordHasher.NeedsRehash(weak));
    }
}
