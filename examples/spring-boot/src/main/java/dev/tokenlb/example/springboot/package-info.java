/** An OpenAI-compatible gateway on Camel Spring Boot: the servlet-side steps of the YAML routes and the application. */
package dev.tokenlb.example.springboot;
