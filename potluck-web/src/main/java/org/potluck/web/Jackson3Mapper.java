package org.potluck.web;

import java.lang.reflect.Type;
import tools.jackson.databind.json.JsonMapper;

/** Lets Javalin's ctx.json(...) use the Jackson 3 the rest of Potluck uses (Javalin only knows Jackson 2 itself). */
final class Jackson3Mapper implements io.javalin.json.JsonMapper {
    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    public String toJsonString(Object obj, Type type) {
        return json.writeValueAsString(obj);
    }

    @Override
    public <T> T fromJsonString(String text, Type type) {
        return json.readValue(text, json.constructType(type));
    }
}
