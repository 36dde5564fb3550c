package dev.agentline.toolrunner.context;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.AnnotationDeclaration;
import com.github.javaparser.ast.body.AnnotationMemberDeclaration;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.nodeTypes.NodeWithModifiers;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.ReferenceType;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.TypeParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The declarations of one Java file, from a real parse (JavaParser): every type, nested ones one
 * level deeper, with its kind ({@code class}, {@code interface}, {@code enum}, {@code record},
 * {@code @interface}), modifiers, type parameters, record components, {@code extends},
 * {@code implements} and {@code permits}; an enum's constants on its line; then its methods and
 * constructors as signatures (modifiers, type parameters, return type, name, parameter types and
 * names, {@code throws}) and its constants ({@code public static final} fields, interface fields)
 * as {@code type name}. No bodies, annotations or comments. Private members and private nested
 * types are left out: the map says what a file offers to others; compact record constructors,
 * initializers and anything inside a method body are left out too.
 *
 * <p>Not thread-safe (one parser, reused): one instance per map.
 */
final class JavaOutline {
  /**
   * The newest Java release whose syntax the parser knows as final: older code parses too, except
   * what newer releases took away (such as {@code _} as a name), which then gets the line-pattern
   * outline.
   */
  static final LanguageLevel LANGUAGE_LEVEL = LanguageLevel.JAVA_25;
  private static final int MAX_ENUM_CONSTANTS = 12;
  private static final Pattern UNSPACED_COMMA = Pattern.compile(",(?! )");

  /** A parsed file's entries, or why it could not be parsed (then {@code entries} is empty). */
  record Result(List<Outline.Entry> entries, String problem) {
    boolean parsed() {
      return problem == null;
    }
  }

  private JavaParser parser = newParser();

  private static JavaParser newParser() {
    // comments are not shown, so not attributed; tokens are kept: they locate a parse error
    return new JavaParser(new ParserConfiguration().setLanguageLevel(LANGUAGE_LEVEL).setAttributeComments(false));
  }

  Result of(String content) {
    ParseResult<CompilationUnit> parse;
    try {
      parse = parser.parse(content);
    } catch (RuntimeException | StackOverflowError e) {
      parser = newParser(); // its state after a crash is unknown
      return new Result(List.of(), "the parser failed: " + e.getClass().getSimpleName());
    }
    if (!parse.isSuccessful() || parse.getResult().isEmpty()) return new Result(List.of(), describe(parse.getProblems()));
    List<Outline.Entry> entries = new ArrayList<>();
    for (TypeDeclaration<?> type : parse.getResult().get().getTypes()) addType(type, 0, entries);
    return new Result(entries, null);
  }

  /** Where the first problem is and what was found there, without JavaParser's list of what it expected. */
  private static String describe(List<Problem> problems) {
    if (problems.isEmpty()) return "parse error";
    Problem first = problems.get(0);
    String message = first.getMessage().replaceFirst("^Parse error\\. ", "").replaceAll(" <[A-Z_]+>", "").replaceAll("\\s+", " ");
    int expected = message.indexOf(", expected");
    if (expected > 0) message = message.substring(0, expected);
    if (message.length() > 80) message = message.substring(0, 80) + "…";
    String where = first.getLocation()
        .flatMap(tokens -> tokens.getBegin().getRange())
        .map(range -> "line " + range.begin.line + ", column " + range.begin.column + ": ")
        .orElse("");
    return where + message;
  }

  private static void addType(TypeDeclaration<?> type, int level, List<Outline.Entry> entries) {
    entries.add(entry(level, typeSignature(type)));
    boolean inInterface = type instanceof ClassOrInterfaceDeclaration c && c.isInterface() || type instanceof AnnotationDeclaration;
    for (BodyDeclaration<?> member : type.getMembers()) {
      if (isPrivate(member)) continue;
      if (member instanceof TypeDeclaration<?> nested) {
        addType(nested, level + 1, entries);
      } else if (member instanceof CallableDeclaration<?> callable) {
        entries.add(entry(level + 1, callableSignature(callable)));
      } else if (member instanceof AnnotationMemberDeclaration annotationMember) {
        entries.add(entry(level + 1, type(annotationMember.getType()) + " " + annotationMember.getNameAsString() + "()"));
      } else if (member instanceof FieldDeclaration field && (inInterface || isConstant(field))) {
        for (VariableDeclarator variable : field.getVariables()) {
          entries.add(entry(level + 1, modifiers(field.getModifiers()) + type(variable.getType()) + " " + variable.getNameAsString()));
        }
      }
    }
  }

  private static Outline.Entry entry(int level, String signature) {
    return new Outline.Entry(level, Outline.capped(signature));
  }

  private static boolean isPrivate(BodyDeclaration<?> member) {
    return member instanceof NodeWithModifiers<?> withModifiers && withModifiers.hasModifier(Modifier.Keyword.PRIVATE);
  }

  private static boolean isConstant(FieldDeclaration field) {
    return field.isPublic() && field.isStatic() && field.isFinal();
  }

  private static String typeSignature(TypeDeclaration<?> type) {
    StringBuilder text = new StringBuilder(modifiers(type.getModifiers()));
    if (type instanceof ClassOrInterfaceDeclaration c) {
      text.append(c.isInterface() ? "interface " : "class ").append(c.getNameAsString()).append(typeParameters(c.getTypeParameters()));
      appendTypes(text, " extends ", c.getExtendedTypes());
      appendTypes(text, " implements ", c.getImplementedTypes());
      appendTypes(text, " permits ", c.getPermittedTypes());
    } else if (type instanceof RecordDeclaration r) {
      text.append("record ").append(r.getNameAsString()).append(typeParameters(r.getTypeParameters()))
          .append('(').append(parameters(r.getParameters())).append(')');
      appendTypes(text, " implements ", r.getImplementedTypes());
    } else if (type instanceof EnumDeclaration e) {
      text.append("enum ").append(e.getNameAsString());
      appendTypes(text, " implements ", e.getImplementedTypes());
      NodeList<EnumConstantDeclaration> constants = e.getEntries();
      if (!constants.isEmpty()) {
        text.append(" { ").append(constants.stream().limit(MAX_ENUM_CONSTANTS).map(EnumConstantDeclaration::getNameAsString).collect(Collectors.joining(", ")));
        if (constants.size() > MAX_ENUM_CONSTANTS) text.append(", … ").append(constants.size() - MAX_ENUM_CONSTANTS).append(" more");
        text.append(" }");
      }
    } else {
      text.append("@interface ").append(type.getNameAsString());
    }
    return text.toString();
  }

  private static String callableSignature(CallableDeclaration<?> callable) {
    StringBuilder text = new StringBuilder(modifiers(callable.getModifiers()));
    String typeParameters = typeParameters(callable.getTypeParameters());
    if (!typeParameters.isEmpty()) text.append(typeParameters).append(' ');
    if (callable instanceof MethodDeclaration method) text.append(type(method.getType())).append(' ');
    text.append(callable.getNameAsString()).append('(').append(parameters(callable.getParameters())).append(')');
    NodeList<ReferenceType> thrown = callable.getThrownExceptions();
    if (!thrown.isEmpty()) text.append(" throws ").append(thrown.stream().map(JavaOutline::type).collect(Collectors.joining(", ")));
    return text.toString();
  }

  private static String modifiers(NodeList<Modifier> modifiers) {
    StringBuilder text = new StringBuilder();
    for (Modifier modifier : modifiers) text.append(modifier.getKeyword().asString()).append(' ');
    return text.toString();
  }

  private static String typeParameters(NodeList<TypeParameter> parameters) {
    if (parameters.isEmpty()) return "";
    return parameters.stream().map(JavaOutline::typeParameter).collect(Collectors.joining(", ", "<", ">"));
  }

  private static String typeParameter(TypeParameter parameter) {
    if (parameter.getTypeBound().isEmpty()) return parameter.getNameAsString();
    return parameter.getNameAsString() + " extends "
        + parameter.getTypeBound().stream().map(JavaOutline::type).collect(Collectors.joining(" & "));
  }

  private static String parameters(NodeList<Parameter> parameters) {
    return parameters.stream()
        .map(p -> type(p.getType()) + (p.isVarArgs() ? "..." : "") + " " + p.getNameAsString())
        .collect(Collectors.joining(", "));
  }

  /** The type as written, without annotations, {@code Map<String, List<T>>} spaced as people write it. */
  private static String type(Type type) {
    String text = type.asString();
    return text.indexOf(',') < 0 ? text : UNSPACED_COMMA.matcher(text).replaceAll(", ");
  }

  private static void appendTypes(StringBuilder text, String keyword, NodeList<ClassOrInterfaceType> types) {
    if (types.isEmpty()) return;
    text.append(keyword).append(types.stream().map(JavaOutline::type).collect(Collectors.joining(", ")));
  }
}
