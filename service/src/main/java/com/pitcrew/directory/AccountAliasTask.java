package com.pitcrew.directory;

import com.pitcrew.admin.CheckedTask;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /tasks/account-alias?alias=acme&account=Acme Corp}: points an alias at an account (moving it from the
 * account that had it), or {@code ?alias=acme&remove=true} removes it. The resolver, the classifier's names and
 * draft recipients see the fix at once here and on the other instances at their next refresh.
 */
public final class AccountAliasTask extends CheckedTask {

    private final AccountDirectory directory;

    public AccountAliasTask(AccountDirectory directory) {
        super("account-alias");
        this.directory = directory;
    }

    @Override
    public Optional<String> problem(Map<String, List<String>> parameters) {
        Optional<String> alias = parameter(parameters, "alias");
        if (alias.isEmpty()) {
            return Optional.of("an alias is required (alias=...)");
        }
        if (alias.get().length() > Account.MAX_NAME) {
            return Optional.of("alias is longer than " + Account.MAX_NAME + " characters");
        }
        boolean remove = parameter(parameters, "remove").map("true"::equals).orElse(false);
        Optional<String> account = parameter(parameters, "account");
        if (remove == account.isPresent()) {
            return Optional.of("give either account=NAME (point the alias at it) or remove=true");
        }
        if (account.isPresent() && directory.accounts().stream().noneMatch(known -> known.name().equals(account.get()))) {
            return Optional.of("no account named '" + account.get() + "'");
        }
        return Optional.empty();
    }

    @Override
    protected void run(Map<String, List<String>> parameters, PrintWriter output) {
        String alias = parameter(parameters, "alias").orElseThrow();
        Optional<String> account = parameter(parameters, "account");
        directory.fixAlias(alias, account);
        output.println(account.map(name -> "alias '" + alias.toLowerCase(java.util.Locale.ROOT) + "' now names " + name)
                .orElse("alias '" + alias.toLowerCase(java.util.Locale.ROOT) + "' removed"));
    }
}
