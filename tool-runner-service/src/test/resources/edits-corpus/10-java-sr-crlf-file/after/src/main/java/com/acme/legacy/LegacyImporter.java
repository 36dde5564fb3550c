package com.acme.legacy;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

public class LegacyImporter {
    public List<String[]> read(BufferedReader in) throws IOException {
        List<String[]> rows = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.isBlank()) {
                rows.add(line.split(";"));
            }
        }
        return rows;
    }
}
