package dev.sluice.local.logs;

import java.util.List;
import java.util.Optional;

/** {@code limit}/{@code nextToken} paging over an in-memory list: the token is the offset of the next item. */
final class Paging {

    private Paging() {
    }

    record Page<T>(List<T> items, Optional<String> nextToken) {
    }

    static <T> Page<T> page(List<T> all, int limit, String token) {
        int from;
        try {
            from = token == null ? 0 : Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw LogsService.invalidParameter("The specified nextToken is invalid. (given " + token + ")");
        }
        if (from < 0 || from > all.size()) {
            throw LogsService.invalidParameter("The specified nextToken is invalid. (given " + token + ")");
        }
        int to = Math.min(all.size(), from + limit);
        return new Page<>(all.subList(from, to), to < all.size() ? Optional.of(Integer.toString(to)) : Optional.empty());
    }
}
