using FluentValidation;
using Hamdel.Server.Features.Audit;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Auth;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Features.Users;

/// <summary>
/// Adds a person to a workspace with a role. A person new to Hamdel gets an account and a one-time
/// invitation link to choose their password (or the admin sets a first password directly); a
/// person who already has an account simply gains the membership.
/// </summary>
internal static class AddMember
{
    internal sealed record Request(string? Email, string? DisplayName, WorkspaceRole? Role, string? Password, string? Language);

    internal sealed record Response(MemberDto Member, string? InvitationUrl, DateTimeOffset? InvitationExpiresAt);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Email).NotEmpty().MaximumLength(Limits.EmailLength).EmailAddress();
            RuleFor(r => r.DisplayName).MaximumLength(Limits.NameLength);
            RuleFor(r => r.Role).NotNull();
            RuleFor(r => r.Password).MinimumLength(Limits.PasswordMinLength).MaximumLength(Limits.PasswordMaxLength).When(r => r.Password is not null);
            RuleFor(r => r.Language).Must(l => l is null || Intl.IsSupportedLanguage(l))
                .WithMessage(_ => Strings.Format("Error.Language", string.Join(", ", Intl.Languages)));
        }
    }

    internal sealed class Handler(HamdelDbContext db, UserManager<User> users, TimeProvider time, AuditLog audit, IOptions<AuthOptions> options)
    {
        private static readonly Validator Validation = new();

        public async Task<Outcome<Response>> ExecuteAsync(CurrentMember actor, Request request, Func<string, string> invitationUrl, CancellationToken cancellationToken)
        {
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }

            var email = request.Email!.Trim().ToLowerInvariant();
            var now = time.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            var user = await users.FindByEmailAsync(email);
            string? invitationSecret = null;
            DateTimeOffset? invitationExpires = null;
            if (user is null)
            {
                var workspace = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == actor.WorkspaceId, cancellationToken);
                user = new User
                {
                    UserName = email,
                    Email = email,
                    EmailConfirmed = true,
                    DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? email.Split('@')[0] : request.DisplayName.Trim(),
                    Language = request.Language ?? workspace.DefaultLanguage,
                    Calendar = (request.Language ?? workspace.DefaultLanguage) == "fa" ? CalendarKind.Persian : CalendarKind.Gregorian,
                    TimeZone = workspace.TimeZone,
                    CreatedAt = now,
                };
                var created = request.Password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, request.Password);
                if (!created.Succeeded)
                {
                    return IdentityFailure(created);
                }
                if (request.Password is null)
                {
                    invitationSecret = Secrets.Create("inv_");
                    invitationExpires = now + options.Value.InvitationLifetime;
                    db.Invitations.Add(new Invitation
                    {
                        WorkspaceId = actor.WorkspaceId,
                        UserId = user.Id,
                        CreatedByUserId = actor.UserId,
                        TokenHash = Secrets.Hash(invitationSecret),
                        CreatedAt = now,
                        ExpiresAt = invitationExpires.Value,
                    });
                }
            }
            else if (await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == actor.WorkspaceId && m.UserId == user.Id, cancellationToken))
            {
                return Failure.Conflict(Strings.Get("Member.AlreadyMember"));
            }

            var member = new WorkspaceMember { WorkspaceId = actor.WorkspaceId, UserId = user.Id, Role = request.Role!.Value, CreatedAt = now };
            db.WorkspaceMembers.Add(member);
            audit.Record(AuditActions.MemberAdded, actor.UserId, actor.WorkspaceId, "member", member.Id.ToString(), $"{email} as {member.Role}");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            var dto = new MemberDto(member.Id, user.Id, email, user.DisplayName, member.Role, true, now);
            return new Response(dto, invitationSecret is null ? null : invitationUrl(invitationSecret), invitationExpires);
        }
    }

    internal static Failure IdentityFailure(IdentityResult result)
    {
        var errors = result.Errors
            .GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : e.Code.Contains("Email", StringComparison.Ordinal) ? "email" : "userName")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
        return new Failure(FailureKind.Validation, string.Join(" ", result.Errors.Select(e => e.Description)), errors);
    }
}
