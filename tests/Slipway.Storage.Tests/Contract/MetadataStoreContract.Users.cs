using Slipway.Core.Errors;
using Slipway.Core.Security;

namespace Slipway.Storage.Tests.Contract;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task A_user_is_created_read_and_listed_with_its_password_hash_kept_apart()
    {
        var name = UniqueName("alice");
        var hash = PasswordHasher.Hash("s3cret-pass", new Argon2Parameters(1024, 1, 1));

        var created = await Store.CreateUserAsync(new NewUser(name, hash, IsAdmin: false, IsServiceAccount: false));

        Assert.Equal(name, created.Name);
        Assert.False(created.IsAdmin);
        Assert.Equal(created, await Store.GetUserAsync(name));
        Assert.Contains(created, await Store.ListUsersAsync());
        Assert.Equal(hash, await Store.GetPasswordHashAsync(name));
        Assert.True(PasswordHasher.Verify("s3cret-pass", (await Store.GetPasswordHashAsync(name))!));
    }

    [Fact]
    public async Task User_names_are_unique_and_case_sensitive()
    {
        var name = UniqueName("bob");
        await Store.CreateUserAsync(new NewUser(name, "h", IsAdmin: false, IsServiceAccount: false));

        var error = await AssertFailsAsync(ErrorCode.ResourceAlreadyExists, () => Store.CreateUserAsync(new NewUser(name, "other", IsAdmin: true, IsServiceAccount: false)));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Equal("h", await Store.GetPasswordHashAsync(name));
        Assert.False((await Store.GetUserAsync(name)).IsAdmin);

        var upper = await Store.CreateUserAsync(new NewUser(name.ToUpperInvariant(), null, IsAdmin: false, IsServiceAccount: true));
        Assert.True(upper.IsServiceAccount);
    }

    [Fact]
    public async Task A_service_account_has_no_password()
    {
        var name = UniqueName("ci-bot");
        await Store.CreateUserAsync(new NewUser(name, null, IsAdmin: false, IsServiceAccount: true));

        Assert.Null(await Store.GetPasswordHashAsync(name));
        Assert.True((await Store.GetUserAsync(name)).IsServiceAccount);
    }

    [Fact]
    public async Task Password_and_admin_flag_change_and_a_deleted_name_can_be_reused()
    {
        var name = UniqueName("carol");
        await Store.CreateUserAsync(new NewUser(name, "old", IsAdmin: false, IsServiceAccount: false));

        await Store.SetPasswordHashAsync(name, "new");
        await Store.SetAdminAsync(name, true);
        Assert.Equal("new", await Store.GetPasswordHashAsync(name));
        Assert.True((await Store.GetUserAsync(name)).IsAdmin);

        await Store.DeleteUserAsync(name);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetUserAsync(name));
        Assert.Null(await Store.GetPasswordHashAsync(name));
        Assert.DoesNotContain(await Store.ListUsersAsync(), u => u.Name == name);

        Assert.False((await Store.CreateUserAsync(new NewUser(name, "again", IsAdmin: false, IsServiceAccount: false))).IsAdmin);
    }

    [Fact]
    public async Task Changing_or_deleting_a_missing_user_is_not_found()
    {
        var name = UniqueName("nobody");

        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetUserAsync(name));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.SetPasswordHashAsync(name, "h"));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.SetAdminAsync(name, true));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.DeleteUserAsync(name));
        Assert.Null(await Store.GetPasswordHashAsync(name));
    }
}
