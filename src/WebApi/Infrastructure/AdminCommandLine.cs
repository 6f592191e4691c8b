using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.AdminSetPassword;
using Shop.Application.Common.Exceptions;
using Shop.Infrastructure.Persistence;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// <c>dotnet Shop.WebApi.dll admin set-password &lt;email&gt;</c>: admin recovery without the web server. The
/// password is read from standard input (one line; typed without echo on a terminal), never from an
/// argument, which would land in the shell history and the process list. Exit codes: 0 done, 1 refused,
/// 2 bad usage or a password the policy refuses.
/// </summary>
public static class AdminCommandLine
{
    public const string Usage = "usage: admin set-password <email>   (the new password is read from standard input)";

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == "admin";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (args is not ["admin", "set-password", var email])
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var password = ReadPassword(input, error);
        if (string.IsNullOrEmpty(password))
        {
            await error.WriteLineAsync("No password was read from standard input.");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Database.MigrateAsync();
        try
        {
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new AdminSetPasswordCommand(email, password));
            await output.WriteLineAsync(result.Created
                ? $"Created the admin {email}."
                : $"Set the password of {email}; {result.SessionsRevoked} sessions ended.");
            return 0;
        }
        catch (ValidationException e)
        {
            foreach (var failure in e.Errors)
            {
                await error.WriteLineAsync($"{failure.PropertyName}: {failure.ErrorMessage}");
            }

            return 2;
        }
        catch (AppException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    private static string? ReadPassword(TextReader input, TextWriter error)
    {
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected)
        {
            return input.ReadLine();
        }

        error.Write("New password: ");
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                error.WriteLine();
                return password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
