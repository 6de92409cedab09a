using Microsoft.AspNetCore.Http.HttpResults;

namespace Hamdel.Server.Infrastructure.Errors;

internal static class ProblemResults
{
    /// <summary>Turns a use case's outcome into the HTTP answer: the success result or problem details.</summary>
    public static Results<TSuccess, ProblemHttpResult, ValidationProblem> ToHttp<T, TSuccess>(this Outcome<T> outcome, Func<T, TSuccess> onSuccess)
        where TSuccess : IResult =>
        outcome.Failure is { } failure ? failure.ToHttp<TSuccess>() : onSuccess(outcome.Value!);

    /// <summary>The problem-details answer for a failure, typed to sit in an endpoint's result union.</summary>
    public static Results<TSuccess, ProblemHttpResult, ValidationProblem> ToHttp<TSuccess>(this Failure failure)
        where TSuccess : IResult =>
        failure.Kind == FailureKind.Validation
            ? TypedResults.ValidationProblem(failure.Errors ?? new Dictionary<string, string[]>(), detail: failure.Detail, title: Strings.Get("Problem.Validation"), extensions: failure.Extensions)
            : Problem(failure);

    /// <summary>The problem-details answer for a failure, for endpoints that return a plain <see cref="IResult"/>.</summary>
    public static IResult ToResult(this Failure failure) => failure.ToHttp<Ok>().Result;

    public static ProblemHttpResult Problem(Failure failure)
    {
        var (status, titleKey) = failure.Kind switch
        {
            FailureKind.NotFound => (StatusCodes.Status404NotFound, "Problem.NotFound"),
            FailureKind.Forbidden => (StatusCodes.Status403Forbidden, "Problem.Forbidden"),
            FailureKind.Conflict => (StatusCodes.Status409Conflict, "Problem.Conflict"),
            FailureKind.Unauthorized => (StatusCodes.Status401Unauthorized, "Problem.Unauthorized"),
            FailureKind.Gone => (StatusCodes.Status410Gone, "Problem.Gone"),
            FailureKind.Unprocessable => (StatusCodes.Status422UnprocessableEntity, "Problem.Unprocessable"),
            _ => (StatusCodes.Status400BadRequest, "Problem.Validation"),
        };
        return TypedResults.Problem(detail: failure.Detail, statusCode: status, title: Strings.Get(titleKey), extensions: failure.Extensions);
    }
}
