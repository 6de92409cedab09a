using System.ComponentModel.DataAnnotations;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Auth;
using Hamdel.Server.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Features.Users;

/// <summary>Settings under <c>Hamdel:Bootstrap</c>: the first administrator.</summary>
internal sealed class BootstrapOptions
{
    public const string Section = "Hamdel:Bootstrap";

    [EmailAddress]
    public string? AdminEmail { get; set; }

    [MinLength(Limits.PasswordMinLength)]
    public string? AdminPassword { get; set; }
}

/// <summary>
/// On the first start (no user at all) creates the administrator: from configuration when set,
/// otherwise <c>admin@hamdel.local</c> with a random password printed once to the console.
/// </summary>
internal sealed partial class BootstrapAdmin(HamdelDbContext db, UserManager<User> users, TimeProvider time, IOptions<BootstrapOptions> options, ILogger<BootstrapAdmin> logger)
{
    public const string DefaultEmail = "admin@hamdel.local";

    /// <summary>Returns the admin when one was created now, null when users already existed.</summary>
    public async Task<User?> EnsureAsync(CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return null;
        }

        var email = (options.Value.AdminEmail ?? DefaultEmail).Trim().ToLowerInvariant();
        var password = options.Value.AdminPassword;
        var generated = password is null;
        password ??= Secrets.Password();

        var admin = new User
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = "Administrator",
            IsInstanceAdmin = true,
            CreatedAt = time.GetUtcNow(),
        };
        var result = await users.CreateAsync(admin, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Could not create the first administrator: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        LogAdminCreated(logger, generated);
        if (generated)
        {
            // Deliberately printed, not logged: it must not end up in a log store.
            Console.WriteLine();
            Console.WriteLine("==============================================================");
            Console.WriteLine($"  Hamdel administrator created: {email}");
            Console.WriteLine($"  Password (shown only this once): {password}");
            Console.WriteLine("  Set Hamdel:Bootstrap:AdminEmail / AdminPassword to choose them.");
            Console.WriteLine("==============================================================");
            Console.WriteLine();
        }
        return admin;
    }

    /// <summary>Gives the first administrator an empty workspace when there is no demo to land in.</summary>
    public async Task CreateFirstWorkspaceAsync(User admin, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var workspace = new Workspace { Name = "Hamdel", CreatedAt = now };
        db.Workspaces.Add(workspace);
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = admin.Id, Role = WorkspaceRole.Admin, CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "First administrator created (generated password: {Generated})")]
    private static partial void LogAdminCreated(ILogger logger, bool generated);
}
