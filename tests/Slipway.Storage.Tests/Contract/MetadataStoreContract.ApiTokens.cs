using Slipway.Core.Errors;
using Slipway.Core.Security;

namespace Slipway.Storage.Tests.Contract;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task A_token_is_found_by_its_hash_only_and_listed_with_its_owner()
    {
        var user = await NewUserAsync();
        var token = ApiTokens.NewToken();

        var created = await Store.CreateApiTokenAsync(new NewApiToken(user, "ci", ApiTokens.Hash(token), ApiTokens.DisplayPrefix(token), ["read", "write"], "team-a", 4_000_000_000_000));

        var found = await Store.FindApiTokenAsync(ApiTokens.Hash(token));
        Assert.NotNull(found);
        Assert.Equal((created.Id, user, "ci", token[..12], "team-a", 4_000_000_000_000L), (found.Id, found.User, found.Name, found.DisplayPrefix, found.DefaultWorkspace, found.ExpiryTime));
        Assert.Equal(["read", "write"], found.Scopes);
        Assert.Null(found.RevokedTime);
        Assert.Null(found.LastUsedTime);
        Assert.Null(await Store.FindApiTokenAsync(ApiTokens.Hash(ApiTokens.NewToken())));
        Assert.Equal(["ci"], (await Store.ListApiTokensAsync(user)).Select(t => t.Name));
    }

    [Fact]
    public async Task Token_names_are_unique_per_user()
    {
        var user = await NewUserAsync();
        var other = await NewUserAsync();
        await Store.CreateApiTokenAsync(NewToken(user, "laptop"));

        await AssertFailsAsync(ErrorCode.ResourceAlreadyExists, () => Store.CreateApiTokenAsync(NewToken(user, "laptop")));
        await Store.CreateApiTokenAsync(NewToken(other, "laptop"));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.CreateApiTokenAsync(NewToken(UniqueName("ghost"), "laptop")));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.ListApiTokensAsync(UniqueName("ghost")));
        Assert.Single(await Store.ListApiTokensAsync(user));
    }

    [Fact]
    public async Task A_revoked_token_is_still_found_and_stays_revoked_from_its_first_revocation()
    {
        var user = await NewUserAsync();
        var token = ApiTokens.NewToken();
        await Store.CreateApiTokenAsync(new NewApiToken(user, "old", ApiTokens.Hash(token), ApiTokens.DisplayPrefix(token), [], null, null));

        await Store.RevokeApiTokenAsync(user, "old");
        var revoked = (await Store.FindApiTokenAsync(ApiTokens.Hash(token)))!;
        await Store.RevokeApiTokenAsync(user, "old");

        Assert.NotNull(revoked.RevokedTime);
        Assert.False(revoked.IsActiveAt(revoked.CreationTime));
        Assert.Equal(revoked.RevokedTime, (await Store.FindApiTokenAsync(ApiTokens.Hash(token)))!.RevokedTime);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.RevokeApiTokenAsync(user, "never-made"));
    }

    [Fact]
    public async Task Last_use_only_moves_forward_and_deleting_the_user_deletes_its_tokens()
    {
        var user = await NewUserAsync();
        var token = ApiTokens.NewToken();
        var created = await Store.CreateApiTokenAsync(new NewApiToken(user, "t", ApiTokens.Hash(token), ApiTokens.DisplayPrefix(token), ["invoke"], null, null));

        await Store.TouchApiTokenAsync(created.Id, 2000);
        await Store.TouchApiTokenAsync(created.Id, 1000);
        await Store.TouchApiTokenAsync(long.MaxValue, 3000);
        Assert.Equal(2000, (await Store.FindApiTokenAsync(ApiTokens.Hash(token)))!.LastUsedTime);

        await Store.DeleteUserAsync(user);
        Assert.Null(await Store.FindApiTokenAsync(ApiTokens.Hash(token)));
    }

    private async Task<string> NewUserAsync()
    {
        var name = UniqueName("user");
        await Store.CreateUserAsync(new NewUser(name, null, IsAdmin: false, IsServiceAccount: true));
        return name;
    }

    private static NewApiToken NewToken(string user, string name)
    {
        var token = ApiTokens.NewToken();
        return new NewApiToken(user, name, ApiTokens.Hash(token), ApiTokens.DisplayPrefix(token), [], null, null);
    }
}
